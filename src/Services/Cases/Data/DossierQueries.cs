using Tthc.Messaging;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Data;

internal static class DossierQueries
{
    /// <summary>
    /// One page of dossiers, newest first, for one unit (those it received, holds or decides) or (null) all, narrowed by
    /// <paramref name="filter"/>; the cursor of the next page, if any.
    /// </summary>
    public static async Task<(List<Dossier> Items, string? NextCursor)> PageAsync(
        this CasesDbContext db, string? unitCode, long? afterId, int pageSize, CancellationToken cancellationToken, CaseFilter? filter = null)
    {
        var query = db.Dossiers.AsNoTracking();
        if (unitCode is not null)
        {
            query = query.Where(d => d.UnitCode == unitCode || d.HoldingUnitCode == unitCode || d.ResponsibleUnitCode == unitCode);
        }

        if (filter is not null)
        {
            query = filter.Apply(query);
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

    /// <summary>
    /// After a year's schedule changed: recomputes the appointment of every open dossier whose count can touch that
    /// year, each on its deciding unit's calendar, and writes a history entry on each one that moved. Not saved here:
    /// the caller saves with the schedule.
    /// </summary>
    public static async Task<int> RecomputeDueInstantsAsync(
        this CasesDbContext db, CalendarsInForce calendars, IReadOnlyDictionary<string, Unit> units, int year, string actor, DateTimeOffset now,
        EventPublisher events, int dueSoonWorkingDays, CancellationToken cancellationToken)
    {
        // A week's margin either side: a Tết or a swap near New Year moves deadlines across it.
        var from = new DateTimeOffset(year - 1, 12, 24, 0, 0, 0, VietnamTime.Offset);
        var to = new DateTimeOffset(year, 12, 31, 23, 59, 59, VietnamTime.Offset);
        var open = await db.Dossiers
            .Where(d => d.Status == DossierStatus.Received || d.Status == DossierStatus.InProgress)
            .Where(d => d.ReceivedAt <= to && d.DueAt >= from)
            .ToListAsync(cancellationToken);

        var moved = 0;
        foreach (var dossier in open)
        {
            // From when the clock started (a supplement may have restarted it), with any pauses.
            var calendar = CatalogueCache.CalendarFor(calendars, units, dossier.ResponsibleUnitCode ?? dossier.UnitCode);
            if (dossier.RecomputeDue(calendar, now, dueSoonWorkingDays, year) is not { } change)
            {
                continue;
            }

            db.History.Add(change.HistoryEntry(actor));
            events.Publish(db, change.Event);
            moved++;
        }

        return moved;
    }
}

/// <summary>Narrowing of a dossier list: status, procedure, overdue or not, received between two instants.</summary>
public sealed record CaseFilter(DossierStatus? Status, string? ProcedureCode, bool? Overdue, DateTimeOffset? ReceivedFrom, DateTimeOffset? ReceivedBefore, DateTimeOffset Now)
{
    public IQueryable<Dossier> Apply(IQueryable<Dossier> query)
    {
        if (Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (ProcedureCode is { } procedure)
        {
            query = query.Where(d => d.ProcedureCode == procedure);
        }

        if (ReceivedFrom is { } from)
        {
            query = query.Where(d => d.ReceivedAt >= from);
        }

        if (ReceivedBefore is { } before)
        {
            query = query.Where(d => d.ReceivedAt < before);
        }

        var now = Now;
        var open = Dossier.OpenStatuses;
        return Overdue switch
        {
            true => query.Where(d => open.Contains(d.Status) && d.DueAt < now),
            false => query.Where(d => !(open.Contains(d.Status) && d.DueAt < now)),
            null => query,
        };
    }
}
