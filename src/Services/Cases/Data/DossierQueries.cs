using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Apis;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Data;

internal static class DossierQueries
{
    /// <summary>One page of dossiers, newest first, for one unit or (null) all; the cursor of the next page, if any.</summary>
    public static async Task<(List<Dossier> Items, string? NextCursor)> PageAsync(
        this CasesDbContext db, string? unitCode, long? afterId, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Dossiers.AsNoTracking();
        if (unitCode is not null)
        {
            query = query.Where(d => d.UnitCode == unitCode);
        }

        if (afterId is { } after)
        {
            query = query.Where(d => d.Id < after);
        }

        // One row more than asked tells whether there is a next page without a COUNT.
        var rows = await query.OrderByDescending(d => d.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        if (rows.Count <= pageSize)
        {
            return (rows, null);
        }

        rows.RemoveAt(pageSize);
        return (rows, PageCursor.Encode(rows[^1].Id));
    }
}
