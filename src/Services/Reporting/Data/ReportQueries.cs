using Microsoft.EntityFrameworkCore;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// Reports read only the counters: every figure is a difference of two cumulative sums (through the day before the
/// period and through its last day), each a sum over whole months before plus the days of one month — a few dozen
/// rows per unit whatever the number of dossiers.
/// </summary>
public static class ReportQueries
{
    /// <summary>The report of a unit with its sub-units, or of every unit (null), for a period.</summary>
    public static async Task<Report> BuildReportAsync(
        this ReportingDbContext db, string? unitCode, ReportPeriod period, CancellationToken cancellationToken)
    {
        var directory = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var scope = unitCode is null ? null : Subtree(directory, unitCode);
        var through = await CumulativeAsync(db, scope, period.End, cancellationToken);
        var before = await CumulativeAsync(db, scope, period.Start.AddDays(-1), cancellationToken);

        var pairs = db.LateApologies.AsNoTracking().Where(p => p.DecidedOn >= period.Start && p.DecidedOn <= period.End && p.ApologyOn <= period.End);
        if (scope is not null)
        {
            pairs = pairs.Where(p => scope.Contains(p.UnitCode));
        }

        var apologisedLater = await pairs.GroupBy(p => p.UnitCode).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = (scope ?? directory.Select(u => u.Code).ToHashSet())
            .Union(through.Keys).Union(before.Keys)
            .Where(c => scope is null || scope.Contains(c))
            .Order(StringComparer.Ordinal).ToList();

        var rows = codes.ConvertAll(code =>
        {
            var e = through.GetValueOrDefault(code) ?? Sums.Zero;
            var s = before.GetValueOrDefault(code) ?? Sums.Zero;
            var pendingOverdue = e.OverdueStarted - e.OverdueEnded;
            var pendingOverdueWithApology = e.OverdueWithApologyStarted - e.OverdueWithApologyEnded;
            var resolvedLate = e.ResolvedLate - s.ResolvedLate;
            var lateWithApology = e.ResolvedLateWithApology - s.ResolvedLateWithApology + apologisedLater.GetValueOrDefault(code) + pendingOverdueWithApology;
            return new ReportRow(code, names.GetValueOrDefault(code, code))
            {
                CarriedOver = s.Open,
                ReceivedOnline = e.ReceivedOnline - s.ReceivedOnline,
                ReceivedCounter = e.ReceivedCounter - s.ReceivedCounter,
                ReceivedPostal = e.ReceivedPostal - s.ReceivedPostal,
                Resolved = e.Resolved - s.Resolved,
                ResolvedEarly = e.ResolvedEarly - s.ResolvedEarly,
                ResolvedOnTime = e.ResolvedOnTime - s.ResolvedOnTime,
                ResolvedLate = resolvedLate,
                Pending = e.Open,
                PendingNotYetDue = e.Open - pendingOverdue,
                PendingOverdue = pendingOverdue,
                LateWithApology = lateWithApology,
                LateWithoutApology = resolvedLate + pendingOverdue - lateWithApology,
                Refused = e.Refused - s.Refused,
                Stopped = e.Stopped - s.Stopped,
                Withdrawn = e.Withdrawn - s.Withdrawn,
                ApologiesIssuedLate = e.ApologiesIssuedLate - s.ApologiesIssuedLate,
            };
        });

        return new Report(new PeriodView(period.Start, period.End, period.Kind), rows, ReportRow.Sum(rows));
    }

    /// <summary>
    /// Units with late dossiers (resolved late in the period, or overdue and pending at its end) that had no apology by
    /// the period's end, worst first, with the dossiers — what the provincial office sends to the Chairman.
    /// </summary>
    public static async Task<ComplianceReport> BuildComplianceAsync(this ReportingDbContext db, ReportPeriod period, CancellationToken cancellationToken)
    {
        var from = DossierFact.EndOf(period.Start.AddDays(-1));
        var end = DossierFact.EndOf(period.End);
        var late = await db.Facts.AsNoTracking()
            .Where(f => f.ReceivedAt != null && f.ReceivedAt < end && f.DueAt < end
                && ((f.Outcome == "decided" && f.Timeliness == "late" && f.ClosedAt >= from && f.ClosedAt < end)
                    || f.ClosedAt == null || f.ClosedAt >= end)
                && (f.ApologyIssuedAt == null || f.ApologyIssuedAt >= end))
            .Select(f => new { f.UnitCode, f.CaseCode, f.ClosedAt, f.DueAt })
            .ToListAsync(cancellationToken);

        var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);
        var units = late
            .GroupBy(f => f.UnitCode)
            .Select(g => new ComplianceRow(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.LongCount(), g.Select(f => f.CaseCode).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(r => r.LateWithoutApology).ThenBy(r => r.UnitCode, StringComparer.Ordinal)
            .ToList();
        return new ComplianceReport(new PeriodView(period.Start, period.End, period.Kind), units);
    }

    /// <summary>Today's figures for each unit in scope, and the last twelve calendar months.</summary>
    public static async Task<Summary> BuildSummaryAsync(this ReportingDbContext db, string? unitCode, DateOnly today, CancellationToken cancellationToken)
    {
        var directory = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var scope = unitCode is null ? null : Subtree(directory, unitCode);
        var now = await CumulativeAsync(db, scope, today, cancellationToken);
        var todayRows = db.UnitDayCounters.AsNoTracking().Where(c => c.Day == today);
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var months = db.UnitMonthCounters.AsNoTracking().Where(c => c.Month >= firstMonth);
        if (scope is not null)
        {
            todayRows = todayRows.Where(c => scope.Contains(c.UnitCode));
            months = months.Where(c => scope.Contains(c.UnitCode));
        }

        var day = await todayRows.ToDictionaryAsync(c => c.UnitCode, cancellationToken);
        var trend = await months.ToListAsync(cancellationToken);
        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = now.Keys.Union(day.Keys).Order(StringComparer.Ordinal).ToList();
        var units = codes.ConvertAll(code =>
        {
            var cumulative = now.GetValueOrDefault(code) ?? Sums.Zero;
            var d = day.GetValueOrDefault(code);
            return new SummaryUnit(code, names.GetValueOrDefault(code, code),
                d is null ? 0 : d.ReceivedOnline + d.ReceivedCounter + d.ReceivedPostal,
                d is null ? 0 : d.ResolvedEarly + d.ResolvedOnTime + d.ResolvedLate,
                cumulative.Open, cumulative.OverdueStarted - cumulative.OverdueEnded,
                Trend(trend.Where(t => t.UnitCode == code), firstMonth));
        });

        var province = new SummaryUnit("", "Tổng cộng", units.Sum(u => u.ReceivedToday), units.Sum(u => u.ResolvedToday),
            units.Sum(u => u.Pending), units.Sum(u => u.PendingOverdue), Trend(trend, firstMonth));
        return new Summary(today, province, units);
    }

    private static List<TrendMonth> Trend(IEnumerable<UnitMonthCounter> counters, DateOnly firstMonth)
    {
        var byMonth = counters.GroupBy(c => c.Month).ToDictionary(g => g.Key, g => g.ToList());
        return Enumerable.Range(0, 12).Select(i => firstMonth.AddMonths(i)).Select(m =>
        {
            var rows = byMonth.GetValueOrDefault(m) ?? [];
            return new TrendMonth($"{m:yyyy-MM}",
                rows.Sum(c => c.ReceivedOnline + c.ReceivedCounter + c.ReceivedPostal),
                rows.Sum(c => c.ResolvedEarly + c.ResolvedOnTime + c.ResolvedLate),
                rows.Sum(c => c.ResolvedLate),
                rows.Sum(c => c.ApologiesIssued));
        }).ToList();
    }

    /// <summary>A unit and every unit under it.</summary>
    public static HashSet<string> Subtree(IReadOnlyCollection<ReportingUnit> directory, string unitCode)
    {
        var children = directory.Where(u => u.ParentCode is not null).ToLookup(u => u.ParentCode!, u => u.Code);
        var result = new HashSet<string>(StringComparer.Ordinal) { unitCode };
        var queue = new Queue<string>([unitCode]);
        while (queue.TryDequeue(out var code))
        {
            foreach (var child in children[code])
            {
                if (result.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>Every column summed from the beginning through <paramref name="through"/> (inclusive), per unit.</summary>
    private static async Task<Dictionary<string, Sums>> CumulativeAsync(
        ReportingDbContext db, HashSet<string>? scope, DateOnly through, CancellationToken cancellationToken)
    {
        var monthStart = new DateOnly(through.Year, through.Month, 1);
        var months = db.UnitMonthCounters.AsNoTracking().Where(c => c.Month < monthStart);
        var days = db.UnitDayCounters.AsNoTracking().Where(c => c.Day >= monthStart && c.Day <= through);
        if (scope is not null)
        {
            months = months.Where(c => scope.Contains(c.UnitCode));
            days = days.Where(c => scope.Contains(c.UnitCode));
        }

        var result = await SumAsync(months, cancellationToken);
        foreach (var (unit, sums) in await SumAsync(days, cancellationToken))
        {
            result[unit] = result.TryGetValue(unit, out var earlier) ? earlier + sums : sums;
        }

        return result;
    }

    private static Task<Dictionary<string, Sums>> SumAsync<T>(IQueryable<T> counters, CancellationToken cancellationToken) where T : Counters =>
        counters.GroupBy(c => c.UnitCode).Select(g => new Sums
        {
            UnitCode = g.Key,
            ReceivedOnline = g.Sum(c => c.ReceivedOnline),
            ReceivedCounter = g.Sum(c => c.ReceivedCounter),
            ReceivedPostal = g.Sum(c => c.ReceivedPostal),
            ResolvedEarly = g.Sum(c => c.ResolvedEarly),
            ResolvedOnTime = g.Sum(c => c.ResolvedOnTime),
            ResolvedLate = g.Sum(c => c.ResolvedLate),
            ResolvedLateWithApology = g.Sum(c => c.ResolvedLateWithApology),
            Refused = g.Sum(c => c.Refused),
            Stopped = g.Sum(c => c.Stopped),
            Withdrawn = g.Sum(c => c.Withdrawn),
            OverdueStarted = g.Sum(c => c.OverdueStarted),
            OverdueEnded = g.Sum(c => c.OverdueEnded),
            OverdueWithApologyStarted = g.Sum(c => c.OverdueWithApologyStarted),
            OverdueWithApologyEnded = g.Sum(c => c.OverdueWithApologyEnded),
            ApologiesIssued = g.Sum(c => c.ApologiesIssued),
            ApologiesIssuedLate = g.Sum(c => c.ApologiesIssuedLate),
        }).ToDictionaryAsync(s => s.UnitCode, cancellationToken);

    /// <summary>Column sums of counters (the same columns as <see cref="Counters"/>).</summary>
    private sealed record Sums
    {
        public static readonly Sums Zero = new() { UnitCode = "" };

        public required string UnitCode { get; init; }
        public long ReceivedOnline { get; init; }
        public long ReceivedCounter { get; init; }
        public long ReceivedPostal { get; init; }
        public long ResolvedEarly { get; init; }
        public long ResolvedOnTime { get; init; }
        public long ResolvedLate { get; init; }
        public long ResolvedLateWithApology { get; init; }
        public long Refused { get; init; }
        public long Stopped { get; init; }
        public long Withdrawn { get; init; }
        public long OverdueStarted { get; init; }
        public long OverdueEnded { get; init; }
        public long OverdueWithApologyStarted { get; init; }
        public long OverdueWithApologyEnded { get; init; }
        public long ApologiesIssued { get; init; }
        public long ApologiesIssuedLate { get; init; }

        public long Received => ReceivedOnline + ReceivedCounter + ReceivedPostal;
        public long Resolved => ResolvedEarly + ResolvedOnTime + ResolvedLate;

        /// <summary>Received and not yet closed: pending at the end of the last day summed.</summary>
        public long Open => Received - Resolved - Refused - Stopped - Withdrawn;

        public static Sums operator +(Sums a, Sums b) => new()
        {
            UnitCode = a.UnitCode,
            ReceivedOnline = a.ReceivedOnline + b.ReceivedOnline,
            ReceivedCounter = a.ReceivedCounter + b.ReceivedCounter,
            ReceivedPostal = a.ReceivedPostal + b.ReceivedPostal,
            ResolvedEarly = a.ResolvedEarly + b.ResolvedEarly,
            ResolvedOnTime = a.ResolvedOnTime + b.ResolvedOnTime,
            ResolvedLate = a.ResolvedLate + b.ResolvedLate,
            ResolvedLateWithApology = a.ResolvedLateWithApology + b.ResolvedLateWithApology,
            Refused = a.Refused + b.Refused,
            Stopped = a.Stopped + b.Stopped,
            Withdrawn = a.Withdrawn + b.Withdrawn,
            OverdueStarted = a.OverdueStarted + b.OverdueStarted,
            OverdueEnded = a.OverdueEnded + b.OverdueEnded,
            OverdueWithApologyStarted = a.OverdueWithApologyStarted + b.OverdueWithApologyStarted,
            OverdueWithApologyEnded = a.OverdueWithApologyEnded + b.OverdueWithApologyEnded,
            ApologiesIssued = a.ApologiesIssued + b.ApologiesIssued,
            ApologiesIssuedLate = a.ApologiesIssuedLate + b.ApologiesIssuedLate,
        };
    }
}
