using Microsoft.EntityFrameworkCore;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

internal static class ReportQueries
{
    /// <summary>
    /// The report of one unit (or every unit, null) for a period, summed from the per-unit per-day counters.
    /// Dossiers carried over and pending are derived from the same counters: what was received and not closed.
    /// </summary>
    public static async Task<Report> BuildReportAsync(
        this ReportingDbContext db, string? unitCode, ReportPeriod period, CancellationToken cancellationToken)
    {
        var counters = db.UnitDayCounters.AsNoTracking();
        if (unitCode is not null)
        {
            counters = counters.Where(c => c.UnitCode == unitCode);
        }

        var openBefore = await counters
            .Where(c => c.Day < period.Start)
            .GroupBy(c => c.UnitCode)
            .Select(g => new
            {
                UnitCode = g.Key,
                Open = g.Sum(c => c.ReceivedOnline + c.ReceivedCounter + c.ReceivedPostal
                                  - c.ResolvedEarly - c.ResolvedOnTime - c.ResolvedLate
                                  - c.Refused - c.Stopped - c.Withdrawn),
            })
            .ToDictionaryAsync(x => x.UnitCode, x => x.Open, cancellationToken);

        var within = await counters
            .Where(c => c.Day >= period.Start && c.Day <= period.End)
            .GroupBy(c => c.UnitCode)
            .Select(g => new
            {
                UnitCode = g.Key,
                ReceivedOnline = g.Sum(c => c.ReceivedOnline),
                ReceivedCounter = g.Sum(c => c.ReceivedCounter),
                ReceivedPostal = g.Sum(c => c.ReceivedPostal),
                ResolvedEarly = g.Sum(c => c.ResolvedEarly),
                ResolvedOnTime = g.Sum(c => c.ResolvedOnTime),
                ResolvedLate = g.Sum(c => c.ResolvedLate),
                Refused = g.Sum(c => c.Refused),
                Stopped = g.Sum(c => c.Stopped),
                Withdrawn = g.Sum(c => c.Withdrawn),
                ApologiesIssuedLate = g.Sum(c => c.ApologiesIssuedLate),
            })
            .ToDictionaryAsync(x => x.UnitCode, cancellationToken);

        var units = openBefore.Keys.Union(within.Keys).Order(StringComparer.Ordinal).ToList();
        var names = await db.Units.AsNoTracking()
            .Where(u => units.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);

        var rows = units.ConvertAll(code =>
        {
            var carriedOver = openBefore.GetValueOrDefault(code);
            var w = within.GetValueOrDefault(code);
            var received = w is null ? 0 : w.ReceivedOnline + w.ReceivedCounter + w.ReceivedPostal;
            var resolved = w is null ? 0 : w.ResolvedEarly + w.ResolvedOnTime + w.ResolvedLate;
            var closed = resolved + (w is null ? 0 : w.Refused + w.Stopped + w.Withdrawn);
            return new ReportRow(code, names.GetValueOrDefault(code, code))
            {
                CarriedOver = carriedOver,
                ReceivedOnline = w?.ReceivedOnline ?? 0,
                ReceivedCounter = w?.ReceivedCounter ?? 0,
                ReceivedPostal = w?.ReceivedPostal ?? 0,
                Resolved = resolved,
                ResolvedEarly = w?.ResolvedEarly ?? 0,
                ResolvedOnTime = w?.ResolvedOnTime ?? 0,
                ResolvedLate = w?.ResolvedLate ?? 0,
                Pending = carriedOver + received - closed,
                Refused = w?.Refused ?? 0,
                Stopped = w?.Stopped ?? 0,
                Withdrawn = w?.Withdrawn ?? 0,
                ApologiesIssuedLate = w?.ApologiesIssuedLate ?? 0,
            };
        });

        return new Report(new PeriodView(period.Start, period.End, period.Kind), rows, ReportRow.Sum(rows));
    }
}
