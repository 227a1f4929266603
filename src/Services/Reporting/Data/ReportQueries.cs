using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// Reports read only the counters, never dossiers: flows in the period are its whole years, months and half-months and
/// its loose days; balances (pending, overdue, overdue with apology) at a day are three net columns summed from the
/// beginning, cut the same way — read together with the flows where they meet. A few dozen rows per unit, whatever the
/// number of dossiers. A period still running is reported as of now: flows up to today, balances at today's end less
/// the dossiers whose appointment comes later today (a counter dates a dossier's overdue start by its appointment day,
/// even ahead).
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
        var (flows, atEnd) = await FiguresAsync(db, scope, directory, (period.Start, lastDay), asOf, cancellationToken);

        // Closed late in the period with the apology on a later day: counted by the closing day's counters, less those
        // whose apology came after the period (a handful of late-apology pairs, where counting all of them would read
        // every pair of the period).
        var pairs = db.LateApologies.AsNoTracking().Where(p => p.DecidedOn >= period.Start && p.DecidedOn <= lastDay && p.ApologyOn > lastDay);
        if (scope is not null)
        {
            pairs = pairs.Where(p => scope.Contains(p.UnitCode));
        }

        var apologisedAfterTheEnd = await pairs.GroupBy(p => p.UnitCode).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);

        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = (scope ?? directory.Select(u => u.Code).ToHashSet())
            .Union(flows.Keys).Union(atEnd.Keys)
            .Where(c => scope is null || scope.Contains(c))
            .Order(StringComparer.Ordinal).ToList();

        var rows = codes.ConvertAll(code =>
        {
            var f = flows.GetValueOrDefault(code) ?? Figures.Zero;
            var end = atEnd.GetValueOrDefault(code) ?? Figures.Zero;
            var apologisedLater = f.LateApologisedLater - apologisedAfterTheEnd.GetValueOrDefault(code);
            var lateWithApology = f.ResolvedLateWithApology + f.EndedLateWithApology + apologisedLater + end.OverdueWithApology;
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
        var (_, balances) = await FiguresAsync(db, scope, directory, null, now, cancellationToken);
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
            var balance = balances.GetValueOrDefault(code) ?? Figures.Zero;
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

    /// <summary>
    /// The flows of the days <paramref name="flows"/> (none when null), and the balances at <paramref name="asOf"/>: those
    /// at the end of its day, less the dossiers whose appointment comes later that day (counted overdue at the day's end,
    /// not yet at <paramref name="asOf"/>); at the start of a day, those at the end of the day before.
    /// </summary>
    private static async Task<(Dictionary<string, Figures> Flows, Dictionary<string, Figures> Balances)> FiguresAsync(ReportingDbContext db,
        HashSet<string>? scope, IReadOnlyCollection<ReportingUnit> directory, (DateOnly From, DateOnly To)? flows, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var day = VietnamTime.DateOf(asOf);
        var midDay = asOf != VietnamTime.StartOf(day);
        var (flowFigures, balances) = await ReadCountersAsync(db, scope, flows, midDay ? day : day.AddDays(-1), cancellationToken);
        if (midDay)
        {
            Merge(balances, await NotYetOverdueAsync(db, scope ?? directory.Select(u => u.Code).ToHashSet(StringComparer.Ordinal), asOf, cancellationToken));
        }

        return (flowFigures, balances);
    }

    /// <summary>
    /// Reads the counters for both halves of a report: the flows of the days <paramref name="flows"/> (none when null)
    /// and the balances at the end of <paramref name="balanceDay"/>. Each is cut into whole years, months and half-months
    /// and loose days (<see cref="Cut"/>); a balance is one span of each grain ending on its day, and a span of flows
    /// that lies in it is read by the same query, its flow columns summed over its own days only. A report on a period
    /// that ends on the day of its balances — the usual case, closed or running — reads each table once for both; a
    /// period's first half (an official period starts on the 15th) is one more read.
    /// </summary>
    private static async Task<(Dictionary<string, Figures> Flows, Dictionary<string, Figures> Balances)> ReadCountersAsync(
        ReportingDbContext db, HashSet<string>? scope, (DateOnly From, DateOnly To)? flows, DateOnly balanceDay, CancellationToken cancellationToken)
    {
        var flowSpans = flows is { } f ? Cut(f.From, f.To) : [];
        var balanceSpans = Cut(DateOnly.MinValue, balanceDay);
        var flowFigures = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var balanceFigures = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var grain in Enum.GetValues<Grain>())
        {
            var balance = balanceSpans.Find(s => s.Grain == grain);
            Span? within = null;
            foreach (var span in flowSpans.Where(s => s.Grain == grain))
            {
                if (balance is not null && within is null && span.From >= balance.From && span.To <= balance.To)
                {
                    within = span;
                }
                else
                {
                    Merge(flowFigures, await SumAsync(db, scope, span, span, cancellationToken));
                }
            }

            if (balance is not null)
            {
                var figures = await SumAsync(db, scope, balance, within, cancellationToken);
                Merge(balanceFigures, figures);
                if (within is not null)
                {
                    Merge(flowFigures, figures);
                }
            }
        }

        return (flowFigures, balanceFigures);
    }

    /// <summary>The grains counters are kept in.</summary>
    private enum Grain
    {
        Day,
        HalfMonth,
        Month,
        Year,
    }

    /// <summary>Days <see cref="From"/>..<see cref="To"/> (inclusive), read from the counters of one grain.</summary>
    private sealed record Span(Grain Grain, DateOnly From, DateOnly To);

    /// <summary>
    /// The days <paramref name="from"/>..<paramref name="to"/> as the fewest counter rows: whole years, then whole months,
    /// then whole halves of a month (the 1st–14th, the 15th–end), then loose days. At most one span of years and two of
    /// each other grain (before and after the larger ones). An official period (the 15th to the 14th) is halves and
    /// months. From <see cref="DateOnly.MinValue"/> to a day: the years before it (or up to it, on a 31 December), its
    /// year's months before it (or up to it, on a month's last day), then its month's first half and days.
    /// </summary>
    private static List<Span> Cut(DateOnly from, DateOnly to)
    {
        var spans = new List<Span>();
        var lastWholeMonthEnds = to.AddDays(1).Day == 1 ? to : new DateOnly(to.Year, to.Month, 1).AddDays(-1);
        var lastWholeYear = to is { Month: 12, Day: 31 } ? to.Year : to.Year - 1;
        for (var day = from; day <= to; day = spans[^1].To.AddDays(1))
        {
            var yearEnd = new DateOnly(day.Year, 12, 31);
            var monthEnd = new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));
            var halfEnd = day.Day < UnitHalfMonthCounter.SecondHalfStarts ? new DateOnly(day.Year, day.Month, UnitHalfMonthCounter.SecondHalfStarts - 1) : monthEnd;
            var span = day is { Month: 1, Day: 1 } && lastWholeYear >= day.Year ? new Span(Grain.Year, day, new DateOnly(lastWholeYear, 12, 31))
                : day.Day == 1 && lastWholeMonthEnds >= monthEnd ? new Span(Grain.Month, day, lastWholeMonthEnds < yearEnd ? lastWholeMonthEnds : yearEnd)
                : UnitHalfMonthCounter.HalfOf(day) == day && halfEnd <= to ? new Span(Grain.HalfMonth, day, halfEnd)
                : new Span(Grain.Day, day, halfEnd < to ? halfEnd : to);
            if (spans.Count > 0 && spans[^1].Grain == span.Grain && spans[^1].To.AddDays(1) == span.From)
            {
                spans[^1] = spans[^1] with { To = span.To }; // loose days across the middle of a month
            }
            else
            {
                spans.Add(span);
            }
        }

        return spans;
    }

    /// <summary>
    /// Each unit's counters of one grain over <paramref name="range"/>: the three net columns over all of it, the flow
    /// columns over the days of <paramref name="flows"/> only (none when null).
    /// </summary>
    private static Task<List<Figures>> SumAsync(ReportingDbContext db, HashSet<string>? scope, Span range, Span? flows, CancellationToken cancellationToken)
    {
        var (from, to) = (range.From, range.To);
        var (flowsFrom, flowsTo) = flows is null ? (DateOnly.MaxValue, DateOnly.MinValue) : (flows.From, flows.To);
        var all = flows == range;
        return range.Grain switch
        {
            Grain.Day => SumAsync(Scoped(db.UnitDayCounters.Where(c => c.Day >= from && c.Day <= to), scope)
                .Select(c => new Tagged<UnitDayCounter> { Counter = c, Flows = all || (c.Day >= flowsFrom && c.Day <= flowsTo) }), cancellationToken),
            Grain.HalfMonth => SumAsync(Scoped(db.UnitHalfMonthCounters.Where(c => c.Half >= from && c.Half <= to), scope)
                .Select(c => new Tagged<UnitHalfMonthCounter> { Counter = c, Flows = all || (c.Half >= flowsFrom && c.Half <= flowsTo) }), cancellationToken),
            Grain.Month => SumAsync(Scoped(db.UnitMonthCounters.Where(c => c.Month >= from && c.Month <= to), scope)
                .Select(c => new Tagged<UnitMonthCounter> { Counter = c, Flows = all || (c.Month >= flowsFrom && c.Month <= flowsTo) }), cancellationToken),
            _ => SumAsync(Scoped(db.UnitYearCounters.Where(c => c.Year >= from.Year && c.Year <= to.Year), scope)
                .Select(c => new Tagged<UnitYearCounter> { Counter = c, Flows = all || (c.Year >= flowsFrom.Year && c.Year <= flowsTo.Year) }), cancellationToken),
        };
    }

    /// <summary>A counter row, and whether its flows count.</summary>
    private sealed class Tagged<T> where T : Counters
    {
        public required T Counter { get; init; }
        public bool Flows { get; init; }
    }

    private static Task<List<Figures>> SumAsync<T>(IQueryable<Tagged<T>> rows, CancellationToken cancellationToken) where T : Counters =>
        rows.GroupBy(r => r.Counter.UnitCode).Select(g => new Figures
        {
            UnitCode = g.Key,
            ReceivedOnline = g.Sum(r => r.Flows ? r.Counter.ReceivedOnline : 0),
            ReceivedCounter = g.Sum(r => r.Flows ? r.Counter.ReceivedCounter : 0),
            ReceivedPostal = g.Sum(r => r.Flows ? r.Counter.ReceivedPostal : 0),
            ResolvedEarly = g.Sum(r => r.Flows ? r.Counter.ResolvedEarly : 0),
            ResolvedOnTime = g.Sum(r => r.Flows ? r.Counter.ResolvedOnTime : 0),
            ResolvedLate = g.Sum(r => r.Flows ? r.Counter.ResolvedLate : 0),
            ResolvedLateWithApology = g.Sum(r => r.Flows ? r.Counter.ResolvedLateWithApology : 0),
            Refused = g.Sum(r => r.Flows ? r.Counter.Refused : 0),
            Stopped = g.Sum(r => r.Flows ? r.Counter.Stopped : 0),
            Withdrawn = g.Sum(r => r.Flows ? r.Counter.Withdrawn : 0),
            ApologiesIssuedLate = g.Sum(r => r.Flows ? r.Counter.ApologiesIssuedLate : 0),
            EndedLate = g.Sum(r => r.Flows ? r.Counter.EndedLate : 0),
            EndedLateWithApology = g.Sum(r => r.Flows ? r.Counter.EndedLateWithApology : 0),
            LateApologisedLater = g.Sum(r => r.Flows ? r.Counter.LateApologisedLater : 0),
            Open = g.Sum(r => r.Counter.OpenNet),
            Overdue = g.Sum(r => r.Counter.OverdueNet),
            OverdueWithApology = g.Sum(r => r.Counter.OverdueWithApologyNet),
        }).ToListAsync(cancellationToken);

    /// <summary>
    /// Dossiers counted overdue at the end of <paramref name="asOf"/>'s day whose appointment is still ahead of it, as
    /// negative balances. They are the ones <see cref="DossierFact.BecomesOverdue"/> (open, or closed after the
    /// appointment) due between <paramref name="asOf"/> and the day's end. Units are listed so the (unit, appointment)
    /// index serves a province-wide report too.
    /// </summary>
    private static async Task<List<Figures>> NotYetOverdueAsync(
        ReportingDbContext db, HashSet<string> units, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var dayEnd = VietnamTime.EndOf(VietnamTime.DateOf(asOf));

        var ahead = await db.Facts.AsNoTracking()
            .Where(f => units.Contains(f.UnitCode) && f.DueAt >= asOf && f.DueAt < dayEnd && f.ReceivedAt != null
                && (f.ClosedAt == null || f.ClosedAt > f.DueAt))
            .Select(f => new { f.UnitCode, f.ClosedAt, f.ApologyIssuedAt })
            .ToListAsync(cancellationToken);
        return ahead.GroupBy(f => f.UnitCode).Select(g => new Figures
        {
            UnitCode = g.Key,
            Overdue = -g.LongCount(),
            OverdueWithApology = -g.LongCount(f => f.ApologyIssuedAt is { } apology && apology < dayEnd && (f.ClosedAt is not { } closed || apology < closed)),
        }).ToList();
    }

    private static IQueryable<T> Scoped<T>(IQueryable<T> counters, HashSet<string>? scope) where T : Counters =>
        scope is null ? counters.AsNoTracking() : counters.AsNoTracking().Where(c => scope.Contains(c.UnitCode));

    private static void Merge(Dictionary<string, Figures> into, List<Figures> part)
    {
        foreach (var figures in part)
        {
            into[figures.UnitCode] = into.TryGetValue(figures.UnitCode, out var earlier) ? earlier + figures : figures;
        }
    }

    /// <summary>
    /// A unit's figures over some counters: flows (what came in and closed) and balances (the net columns summed: pending,
    /// overdue, overdue with an apology). A report reads the flows of one set and the balances of another.
    /// </summary>
    private sealed record Figures
    {
        public static readonly Figures Zero = new() { UnitCode = "" };

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
        public long LateApologisedLater { get; init; }
        public long Open { get; init; }
        public long Overdue { get; init; }
        public long OverdueWithApology { get; init; }

        public long Received => ReceivedOnline + ReceivedCounter + ReceivedPostal;
        public long Resolved => ResolvedEarly + ResolvedOnTime + ResolvedLate;

        public static Figures operator +(Figures a, Figures b) => new()
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
            LateApologisedLater = a.LateApologisedLater + b.LateApologisedLater,
            Open = a.Open + b.Open,
            Overdue = a.Overdue + b.Overdue,
            OverdueWithApology = a.OverdueWithApology + b.OverdueWithApology,
        };
    }
}
