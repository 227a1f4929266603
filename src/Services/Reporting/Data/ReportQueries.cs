using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// Reports read only the counters, never dossiers: flows in the period are the days of its partial months plus its
/// whole months; balances (pending, overdue, overdue with apology) at a day are three net columns summed over the past
/// years, the year's past months and the month's past days. A few dozen rows per unit, whatever the number of dossiers.
/// A period still running is reported as of now: flows up to today, balances at today's end less the dossiers whose
/// appointment comes later today (a counter dates a dossier's overdue start by its appointment day, even ahead).
/// </summary>
public static class ReportQueries
{
    /// <summary>The report of a unit with its sub-units, or of every unit (null), for a period, as of its end or <paramref name="now"/>.</summary>
    public static async Task<Report> BuildReportAsync(
        this ReportingDbContext db, string? unitCode, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var asOf = period.AsOf(now);
        var lastDay = LastDay(period, asOf);
        var directory = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var scope = unitCode is null ? null : Subtree(directory, unitCode);
        var flows = await FlowsAsync(db, scope, period.Start, lastDay, cancellationToken);
        var atEnd = await BalancesAsync(db, scope, directory, asOf, cancellationToken);

        var pairs = db.LateApologies.AsNoTracking().Where(p => p.DecidedOn >= period.Start && p.DecidedOn <= lastDay && p.ApologyOn <= lastDay);
        if (scope is not null)
        {
            pairs = pairs.Where(p => scope.Contains(p.UnitCode));
        }

        var apologisedLater = await pairs.GroupBy(p => p.UnitCode).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = (scope ?? directory.Select(u => u.Code).ToHashSet())
            .Union(flows.Keys).Union(atEnd.Keys)
            .Where(c => scope is null || scope.Contains(c))
            .Order(StringComparer.Ordinal).ToList();

        var rows = codes.ConvertAll(code =>
        {
            var f = flows.GetValueOrDefault(code) ?? Sums.Zero;
            var end = atEnd.GetValueOrDefault(code) ?? Balance.Zero;
            var lateWithApology = f.ResolvedLateWithApology + f.EndedLateWithApology + apologisedLater.GetValueOrDefault(code) + end.OverdueWithApology;
            return new ReportRow(code, names.GetValueOrDefault(code, code))
            {
                // What was pending at the start is what is pending at the end, less what came in, plus what closed.
                CarriedOver = end.Open - f.Received + f.Resolved + f.Refused + f.Stopped + f.Withdrawn,
                ReceivedOnline = f.ReceivedOnline,
                ReceivedCounter = f.ReceivedCounter,
                ReceivedPostal = f.ReceivedPostal,
                Resolved = f.Resolved,
                ResolvedEarly = f.ResolvedEarly,
                ResolvedOnTime = f.ResolvedOnTime,
                ResolvedLate = f.ResolvedLate,
                Pending = end.Open,
                PendingNotYetDue = end.Open - end.Overdue,
                PendingOverdue = end.Overdue,
                LateWithApology = lateWithApology,
                LateWithoutApology = f.ResolvedLate + f.EndedLate + end.Overdue - lateWithApology,
                Refused = f.Refused,
                Stopped = f.Stopped,
                Withdrawn = f.Withdrawn,
                ApologiesIssuedLate = f.ApologiesIssuedLate,
            };
        });

        return new Report(PeriodView.Of(period, asOf), rows, ReportRow.Sum(rows));
    }

    /// <summary>The last day whose flows count: the period's end, or the day of <paramref name="asOf"/> while it runs.</summary>
    private static DateOnly LastDay(ReportPeriod period, DateTimeOffset asOf) =>
        asOf < VietnamTime.EndOf(period.End) ? VietnamTime.DateOf(asOf) : period.End;

    /// <summary>
    /// Units with late dossiers (resolved late in the period, or overdue and pending at its end — or now, while it runs)
    /// that had no apology by then, worst first, with the dossiers — what the provincial office sends to the Chairman.
    /// </summary>
    public static async Task<ComplianceReport> BuildComplianceAsync(
        this ReportingDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = VietnamTime.StartOf(period.Start);
        var end = period.AsOf(now);
        var late = await db.Facts.AsNoTracking()
            .Where(f => f.ReceivedAt != null && f.ReceivedAt < end && f.DueAt < end
                && ((((f.Outcome == CaseOutcome.Decided && f.Timeliness == Timeliness.Late) || (f.Outcome != CaseOutcome.Decided && f.ClosedAt > f.DueAt)) && f.ClosedAt >= from && f.ClosedAt < end)
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
        return new ComplianceReport(PeriodView.Of(period, end), units, await db.PetitionComplianceAsync(period, now, cancellationToken));
    }

    /// <summary>Today's figures (as of <paramref name="now"/>) for each unit in scope, and the last twelve calendar months.</summary>
    public static async Task<Summary> BuildSummaryAsync(this ReportingDbContext db, string? unitCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = VietnamTime.DateOf(now);
        var directory = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var scope = unitCode is null ? null : Subtree(directory, unitCode);
        var balances = await BalancesAsync(db, scope, directory, now, cancellationToken);
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
        var trendByUnit = trend.ToLookup(t => t.UnitCode);
        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = balances.Keys.Union(day.Keys).Order(StringComparer.Ordinal).ToList();
        var units = codes.ConvertAll(code =>
        {
            var balance = balances.GetValueOrDefault(code) ?? Balance.Zero;
            var d = day.GetValueOrDefault(code);
            return new SummaryUnit(code, names.GetValueOrDefault(code, code),
                d is null ? 0 : d.ReceivedOnline + d.ReceivedCounter + d.ReceivedPostal,
                d is null ? 0 : d.ResolvedEarly + d.ResolvedOnTime + d.ResolvedLate,
                balance.Open, balance.Overdue,
                Trend(trendByUnit[code], firstMonth));
        });

        var province = new SummaryUnit("", "Tổng cộng", units.Sum(u => u.ReceivedToday), units.Sum(u => u.ResolvedToday),
            units.Sum(u => u.Pending), units.Sum(u => u.PendingOverdue), Trend(trend, firstMonth));
        return new Summary(today, now, province, units);
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

    /// <summary>The flows of the days <paramref name="from"/>..<paramref name="to"/> (inclusive): partial months by day, whole months by month.</summary>
    private static async Task<Dictionary<string, Sums>> FlowsAsync(
        ReportingDbContext db, HashSet<string>? scope, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var firstWhole = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var afterLastWhole = to.AddDays(1).Day == 1 ? to.AddDays(1) : new DateOnly(to.Year, to.Month, 1);
        var result = new Dictionary<string, Sums>();
        if (firstWhole >= afterLastWhole)
        {
            Merge(result, await SumAsync(Scoped(db.UnitDayCounters.Where(c => c.Day >= from && c.Day <= to), scope), cancellationToken));
            return result;
        }

        Merge(result, await SumAsync(Scoped(db.UnitDayCounters.Where(c => c.Day >= from && c.Day < firstWhole), scope), cancellationToken));
        Merge(result, await SumAsync(Scoped(db.UnitMonthCounters.Where(c => c.Month >= firstWhole && c.Month < afterLastWhole), scope), cancellationToken));
        Merge(result, await SumAsync(Scoped(db.UnitDayCounters.Where(c => c.Day >= afterLastWhole && c.Day <= to), scope), cancellationToken));
        return result;
    }

    /// <summary>
    /// The balances at <paramref name="asOf"/> of the units in <paramref name="scope"/> (every unit when null): net flows
    /// of past years, the year's past months and the month's days up to its day, less the dossiers whose appointment
    /// comes later that day (counted overdue at the day's end, not yet at <paramref name="asOf"/>).
    /// </summary>
    private static async Task<Dictionary<string, Balance>> BalancesAsync(ReportingDbContext db, HashSet<string>? scope,
        IReadOnlyCollection<ReportingUnit> directory, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var day = VietnamTime.DateOf(asOf);
        var midDay = asOf != VietnamTime.StartOf(day);
        if (!midDay)
        {
            day = day.AddDays(-1); // a day's end: that day's counters are exact
        }

        var yearStart = new DateOnly(day.Year, 1, 1);
        var monthStart = new DateOnly(day.Year, day.Month, 1);
        var result = await NetAsync(Scoped(db.UnitYearCounters.Where(c => c.Year < day.Year), scope), cancellationToken);
        foreach (var part in new[]
        {
            await NetAsync(Scoped(db.UnitMonthCounters.Where(c => c.Month >= yearStart && c.Month < monthStart), scope), cancellationToken),
            await NetAsync(Scoped(db.UnitDayCounters.Where(c => c.Day >= monthStart && c.Day <= day), scope), cancellationToken),
            midDay ? await NotYetOverdueAsync(db, scope ?? directory.Select(u => u.Code).ToHashSet(StringComparer.Ordinal), asOf, cancellationToken) : [],
        })
        {
            foreach (var (unit, balance) in part)
            {
                result[unit] = result.TryGetValue(unit, out var earlier) ? earlier + balance : balance;
            }
        }

        return result;
    }

    /// <summary>
    /// Dossiers counted overdue at the end of <paramref name="asOf"/>'s day whose appointment is still ahead of it, as
    /// negative balances. They are the ones <see cref="DossierFact.BecomesOverdue"/> (open, or closed after the
    /// appointment) due between <paramref name="asOf"/> and the day's end. Units are listed so the (unit, appointment)
    /// index serves a province-wide report too.
    /// </summary>
    private static async Task<Dictionary<string, Balance>> NotYetOverdueAsync(
        ReportingDbContext db, HashSet<string> units, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var dayEnd = VietnamTime.EndOf(VietnamTime.DateOf(asOf));

        var ahead = await db.Facts.AsNoTracking()
            .Where(f => units.Contains(f.UnitCode) && f.DueAt >= asOf && f.DueAt < dayEnd && f.ReceivedAt != null
                && (f.ClosedAt == null || f.ClosedAt > f.DueAt))
            .Select(f => new { f.UnitCode, f.ClosedAt, f.ApologyIssuedAt })
            .ToListAsync(cancellationToken);
        return ahead.GroupBy(f => f.UnitCode).ToDictionary(g => g.Key, g => new Balance
        {
            UnitCode = g.Key,
            Overdue = -g.LongCount(),
            OverdueWithApology = -g.LongCount(f => f.ApologyIssuedAt is { } apology && apology < dayEnd && (f.ClosedAt is not { } closed || apology < closed)),
        });
    }

    private static IQueryable<T> Scoped<T>(IQueryable<T> counters, HashSet<string>? scope) where T : Counters =>
        scope is null ? counters.AsNoTracking() : counters.AsNoTracking().Where(c => scope.Contains(c.UnitCode));

    private static void Merge(Dictionary<string, Sums> into, Dictionary<string, Sums> part)
    {
        foreach (var (unit, sums) in part)
        {
            into[unit] = into.TryGetValue(unit, out var earlier) ? earlier + sums : sums;
        }
    }

    private static Task<Dictionary<string, Balance>> NetAsync<T>(IQueryable<T> counters, CancellationToken cancellationToken) where T : Counters =>
        counters.GroupBy(c => c.UnitCode).Select(g => new Balance
        {
            UnitCode = g.Key,
            Open = g.Sum(c => c.OpenNet),
            Overdue = g.Sum(c => c.OverdueNet),
            OverdueWithApology = g.Sum(c => c.OverdueWithApologyNet),
        }).ToDictionaryAsync(b => b.UnitCode, cancellationToken);

    /// <summary>Pending, pending overdue, and pending overdue with an apology, at the end of a day.</summary>
    private sealed record Balance
    {
        public static readonly Balance Zero = new() { UnitCode = "" };

        public required string UnitCode { get; init; }
        public long Open { get; init; }
        public long Overdue { get; init; }
        public long OverdueWithApology { get; init; }

        public static Balance operator +(Balance a, Balance b) => new()
        {
            UnitCode = a.UnitCode, Open = a.Open + b.Open, Overdue = a.Overdue + b.Overdue, OverdueWithApology = a.OverdueWithApology + b.OverdueWithApology,
        };
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
            ApologiesIssuedLate = g.Sum(c => c.ApologiesIssuedLate),
            EndedLate = g.Sum(c => c.EndedLate),
            EndedLateWithApology = g.Sum(c => c.EndedLateWithApology),
        }).ToDictionaryAsync(s => s.UnitCode, cancellationToken);

    /// <summary>The flows a report shows, summed over counters.</summary>
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
        public long ApologiesIssuedLate { get; init; }
        public long EndedLate { get; init; }
        public long EndedLateWithApology { get; init; }

        public long Received => ReceivedOnline + ReceivedCounter + ReceivedPostal;
        public long Resolved => ResolvedEarly + ResolvedOnTime + ResolvedLate;

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
            ApologiesIssuedLate = a.ApologiesIssuedLate + b.ApologiesIssuedLate,
            EndedLate = a.EndedLate + b.EndedLate,
            EndedLateWithApology = a.EndedLateWithApology + b.EndedLateWithApology,
        };
    }
}
