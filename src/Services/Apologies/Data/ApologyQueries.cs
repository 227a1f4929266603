using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Domain;

namespace Tthc.Apologies.Data;

/// <summary>The apology lists, paged by an instant: newest drafts first for the units, issue order for machines.</summary>
public static class ApologyQueries
{
    /// <summary>
    /// A unit's apologies (as the late unit or the one-stop office; all for a null unit), newest draft first, of one
    /// status or those still open past the legal moment, before the cursor's instant.
    /// </summary>
    public static async Task<(List<Apology> Rows, string? Next)> PageAsync(
        this ApologiesDbContext db, string? unitCode, ApologyStatus? wanted, bool pastDeadline, string? caseCode, DateTimeOffset? before, int size,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.Apologies.AsNoTracking();
        if (!string.IsNullOrEmpty(unitCode))
        {
            query = query.Where(a => a.UnitCode == unitCode || a.ReceivingUnitCode == unitCode);
        }

        if (pastDeadline)
        {
            query = query.Where(a => (a.Status == ApologyStatus.Draft || a.Status == ApologyStatus.AwaitingSignature) && a.LegalDeadline < now);
        }
        else if (wanted is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (!string.IsNullOrEmpty(caseCode))
        {
            query = query.Where(a => a.CaseCode == caseCode);
        }

        if (before is { } instant)
        {
            query = query.Where(a => a.DraftedAt < instant);
        }

        var rows = await query.OrderByDescending(a => a.DraftedAt).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > size)
        {
            // Rows drafted at the same instant never straddle two pages: the cursor is that instant.
            var boundary = rows[size].DraftedAt;
            var page = rows.Take(size).Where(r => r.DraftedAt != boundary).ToList();
            if (page.Count == 0)
            {
                page = await query.Where(a => a.DraftedAt == boundary).ToListAsync(cancellationToken);
            }

            rows = page;
            next = rows[^1].DraftedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

        return (rows, next);
    }

    /// <summary>Every issued apology after the cursor's instant, in issue order.</summary>
    public static async Task<(List<Apology> Rows, string? Next)> IssuedPageAsync(
        this ApologiesDbContext db, DateTimeOffset? after, int size, CancellationToken cancellationToken)
    {
        var from = after ?? DateTimeOffset.MinValue;
        var query = db.Apologies.AsNoTracking().Where(a => a.Status == ApologyStatus.Issued && a.IssuedAt > from);
        var rows = await query.OrderBy(a => a.IssuedAt).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > size)
        {
            // Apologies issued at the same instant never straddle two pages.
            var boundary = rows[size].IssuedAt;
            var page = rows.Take(size).Where(r => r.IssuedAt != boundary).ToList();
            rows = page.Count > 0 ? page : await query.Where(a => a.IssuedAt == boundary).ToListAsync(cancellationToken);
            next = rows[^1].IssuedAt!.Value.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

        return (rows, next);
    }

    /// <summary>A page cursor is the UTC ticks of the last instant on the previous page; absent means the first page.</summary>
    public static bool TryParseCursor(string? cursor, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        instant = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
