using System.Linq.Expressions;
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

        // Closed late in the period with the apology on a later day: counted by the closing day's counters, less those
        // whose apology came after the period — a handful of late-apology pairs, each a −1 in the same query, where
        // counting all of them would read every pair of the period.
        var pairs = db.LateApologies.AsNoTracking().Where(p => p.DecidedOn >= period.Start && p.DecidedOn <= lastDay && p.ApologyOn > lastDay);
        if (scope is not null)
        {
            pairs = pairs.Where(p => scope.Contains(p.UnitCode));
        }

        var figures = await FiguresAsync(db, scope, directory, (period.Start, lastDay), asOf,
            Rows(pairs, p => new Figures { UnitCode = p.UnitCode, LateApologisedLater = -1 }), cancellationToken);

        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var codes = (scope ?? directory.Select(u => u.Code).ToHashSet())
            .Union(figures.Keys)
            .Where(c => scope is null || scope.Contains(c))
            .Order(StringComparer.Ordinal).ToList();

        var rows = codes.ConvertAll(code =>
        {
            var f = figures.GetValueOrDefault(code) ?? Figures.Zero;
            var lateWithApology = f.ResolvedLateWithApology + f.EndedLateWithApology + f.LateApologisedLater + f.OverdueWithApology;
            return new ReportRow(code, names.GetValueOrDefault(code, code))
            {
                // What was pending at the start is what is pending at the end, less what came in, plus what closed.
                CarriedOver = f.Open - f.Received + f.Resolved + f.Refused + f.Stopped + f.Withdrawn,
                ReceivedOnline = f.ReceivedOnline,
                ReceivedCounter = f.ReceivedCounter,
                ReceivedPostal = f.ReceivedPostal,
                Resolved = f.Resolved,
                ResolvedEarly = f.ResolvedEarly,
                ResolvedOnTime = f.ResolvedOnTime,
                ResolvedLate = f.ResolvedLate,
                Pending = f.Open,
                PendingNotYetDue = f.Open - f.Overdue,
                PendingOverdue = f.Overdue,
                LateWithApology = lateWithApology,
                LateWithoutApology = f.ResolvedLate + f.EndedLate + f.Overdue - lateWithApology,
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
        var balances = await FiguresAsync(db, scope, directory, null, now, null, cancellationToken);
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
    /// Each unit's flows over the days <paramref name="flows"/> (none when null) and balances at <paramref name="asOf"/>,
    /// with <paramref name="more"/> rows added in, in one query: the balances are those at the end of its day, less the
    /// dossiers whose appointment comes later that day (counted overdue at the day's end, not yet at
    /// <paramref name="asOf"/>); at the start of a day, those at the end of the day before.
    /// </summary>
    private static async Task<Dictionary<string, Figures>> FiguresAsync(ReportingDbContext db, HashSet<string>? scope,
        IReadOnlyCollection<ReportingUnit> directory, (DateOnly From, DateOnly To)? flows, DateTimeOffset asOf, IQueryable<Figures>? more, CancellationToken cancellationToken)
    {
        var day = VietnamTime.DateOf(asOf);
        var midDay = asOf != VietnamTime.StartOf(day);
        var parts = CounterParts(db, scope, flows, midDay ? day : day.AddDays(-1));
        if (midDay)
        {
            parts.Add(NotYetOverdue(db, scope ?? directory.Select(u => u.Code).ToHashSet(StringComparer.Ordinal), asOf));
        }

        if (more is not null)
        {
            parts.Add(more);
        }

        return await parts.Aggregate(Queryable.Concat).GroupBy(r => r.UnitCode).Select(g => new Figures
        {
            UnitCode = g.Key,
            ReceivedOnline = g.Sum(r => r.ReceivedOnline),
            ReceivedCounter = g.Sum(r => r.ReceivedCounter),
            ReceivedPostal = g.Sum(r => r.ReceivedPostal),
            ResolvedEarly = g.Sum(r => r.ResolvedEarly),
            ResolvedOnTime = g.Sum(r => r.ResolvedOnTime),
            ResolvedLate = g.Sum(r => r.ResolvedLate),
            ResolvedLateWithApology = g.Sum(r => r.ResolvedLateWithApology),
            Refused = g.Sum(r => r.Refused),
            Stopped = g.Sum(r => r.Stopped),
            Withdrawn = g.Sum(r => r.Withdrawn),
            ApologiesIssuedLate = g.Sum(r => r.ApologiesIssuedLate),
            EndedLate = g.Sum(r => r.EndedLate),
            EndedLateWithApology = g.Sum(r => r.EndedLateWithApology),
            LateApologisedLater = g.Sum(r => r.LateApologisedLater),
            Open = g.Sum(r => r.Open),
            Overdue = g.Sum(r => r.Overdue),
            OverdueWithApology = g.Sum(r => r.OverdueWithApology),
        }).ToDictionaryAsync(f => f.UnitCode, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>
    /// The counter rows of a report, to be summed per unit: the flows of the days <paramref name="flows"/> (none when
    /// null) and the balances at the end of <paramref name="balanceDay"/>. Each is cut into whole years, months and
    /// half-months and loose days (<see cref="Cut"/>); a balance is one span of each grain ending on its day, and a span
    /// of flows that lies in it is read by the same rows, its flow columns counted on its own days only. A report on a
    /// period that ends on the day of its balances — the usual case, closed or running — reads each table once for
    /// both; a period's first half (an official period starts on the 15th) once more.
    /// </summary>
    private static List<IQueryable<Figures>> CounterParts(ReportingDbContext db, HashSet<string>? scope, (DateOnly From, DateOnly To)? flows, DateOnly balanceDay)
    {
        var flowSpans = flows is { } f ? Cut(f.From, f.To) : [];
        var balanceSpans = Cut(DateOnly.MinValue, balanceDay);
        var parts = new List<IQueryable<Figures>>();
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
                    parts.Add(Read(db, scope, span, span, balances: false));
                }
            }

            if (balance is not null)
            {
                parts.Add(Read(db, scope, balance, within, balances: true));
            }
        }

        return parts;
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
    /// The counter rows of one grain over <paramref name="range"/>, each with its flow columns where it lies in
    /// <paramref name="flows"/> (none when null), and its net columns (the balances) or none.
    /// </summary>
    private static IQueryable<Figures> Read(ReportingDbContext db, HashSet<string>? scope, Span range, Span? flows, bool balances)
    {
        var (from, to) = (range.From, range.To);
        var (flowsFrom, flowsTo) = flows is null ? (DateOnly.MaxValue, DateOnly.MinValue) : (flows.From, flows.To);
        var (all, none) = (flows == range, flows is null);
        return range.Grain switch
        {
            Grain.Day => Rows(Scoped(db.UnitDayCounters.Where(c => c.Day >= from && c.Day <= to), scope),
                all || none ? null : c => c.Day >= flowsFrom && c.Day <= flowsTo, !none, balances),
            Grain.HalfMonth => Rows(Scoped(db.UnitHalfMonthCounters.Where(c => c.Half >= from && c.Half <= to), scope),
                all || none ? null : c => c.Half >= flowsFrom && c.Half <= flowsTo, !none, balances),
            Grain.Month => Rows(Scoped(db.UnitMonthCounters.Where(c => c.Month >= from && c.Month <= to), scope),
                all || none ? null : c => c.Month >= flowsFrom && c.Month <= flowsTo, !none, balances),
            _ => Rows(Scoped(db.UnitYearCounters.Where(c => c.Year >= from.Year && c.Year <= to.Year), scope),
                all || none ? null : c => c.Year >= flowsFrom.Year && c.Year <= flowsTo.Year, !none, balances),
        };
    }

    /// <summary>The columns of <see cref="Figures"/> that are flows, read from the counter column of the same name.</summary>
    private static readonly string[] FlowColumns =
    [
        nameof(Counters.ReceivedOnline), nameof(Counters.ReceivedCounter), nameof(Counters.ReceivedPostal),
        nameof(Counters.ResolvedEarly), nameof(Counters.ResolvedOnTime), nameof(Counters.ResolvedLate), nameof(Counters.ResolvedLateWithApology),
        nameof(Counters.Refused), nameof(Counters.Stopped), nameof(Counters.Withdrawn), nameof(Counters.ApologiesIssuedLate),
        nameof(Counters.EndedLate), nameof(Counters.EndedLateWithApology), nameof(Counters.LateApologisedLater),
    ];

    /// <summary>The balances of <see cref="Figures"/>, each the sum of a net counter column.</summary>
    private static readonly (string Figure, string Counter)[] BalanceColumns =
    [
        (nameof(Figures.Open), nameof(Counters.OpenNet)),
        (nameof(Figures.Overdue), nameof(Counters.OverdueNet)),
        (nameof(Figures.OverdueWithApology), nameof(Counters.OverdueWithApologyNet)),
    ];

    /// <summary>
    /// Counter rows as figures: the flow columns when <paramref name="flows"/> (else 0) — only on the rows
    /// <paramref name="flowsWhere"/> picks when not null — and the balances from the net columns when
    /// <paramref name="balances"/> (else 0).
    /// </summary>
    private static IQueryable<Figures> Rows<T>(IQueryable<T> counters, Expression<Func<T, bool>>? flowsWhere, bool flows, bool balances) where T : Counters
    {
        var c = flowsWhere?.Parameters[0] ?? Expression.Parameter(typeof(T), "c");
        var given = new Dictionary<string, Expression> { [nameof(Figures.UnitCode)] = Expression.Property(c, nameof(Counters.UnitCode)) };
        foreach (var column in flows ? FlowColumns : [])
        {
            given[column] = flowsWhere is null ? Expression.Property(c, column) : Expression.Condition(flowsWhere.Body, Expression.Property(c, column), Expression.Constant(0L));
        }

        foreach (var (figure, counter) in balances ? BalanceColumns : [])
        {
            given[figure] = Expression.Property(c, counter);
        }

        return Project(counters, c, given);
    }

    /// <summary>
    /// Rows of other tables as figures: <paramref name="projection"/> binds the unit and the figures it moves.
    /// </summary>
    private static IQueryable<Figures> Rows<T>(IQueryable<T> source, Expression<Func<T, Figures>> projection) =>
        Project(source, projection.Parameters[0],
            ((MemberInitExpression)projection.Body).Bindings.Cast<MemberAssignment>().ToDictionary(b => b.Member.Name, b => b.Expression));

    /// <summary>
    /// Rows as figures with every member bound, in one order, as a union needs: the expressions <paramref name="given"/>
    /// (by member name), 0 for the rest.
    /// </summary>
    private static IQueryable<Figures> Project<T>(IQueryable<T> source, ParameterExpression row, Dictionary<string, Expression> given)
    {
        var bindings = new[] { nameof(Figures.UnitCode) }.Concat(FlowColumns).Concat(BalanceColumns.Select(b => b.Figure))
            .Select(member => Expression.Bind(typeof(Figures).GetProperty(member)!, given.GetValueOrDefault(member) ?? Expression.Constant(0L)));
        return source.Select(Expression.Lambda<Func<T, Figures>>(Expression.MemberInit(Expression.New(typeof(Figures)), bindings), row));
    }

    /// <summary>
    /// Dossiers counted overdue at the end of <paramref name="asOf"/>'s day whose appointment is still ahead of it, as
    /// negative balances. They are the ones <see cref="DossierFact.BecomesOverdue"/> (open, or closed after the
    /// appointment) due between <paramref name="asOf"/> and the day's end. Units are listed so the (unit, appointment)
    /// index serves a province-wide report too.
    /// </summary>
    private static IQueryable<Figures> NotYetOverdue(ReportingDbContext db, HashSet<string> units, DateTimeOffset asOf)
    {
        var dayEnd = VietnamTime.EndOf(VietnamTime.DateOf(asOf));
        return Rows(
            db.Facts.AsNoTracking().Where(f => units.Contains(f.UnitCode) && f.DueAt >= asOf && f.DueAt < dayEnd && f.ReceivedAt != null
                && (f.ClosedAt == null || f.ClosedAt > f.DueAt)),
            f => new Figures
            {
                UnitCode = f.UnitCode,
                Overdue = -1,
                OverdueWithApology = f.ApologyIssuedAt != null && f.ApologyIssuedAt < dayEnd && (f.ClosedAt == null || f.ApologyIssuedAt < f.ClosedAt) ? -1 : 0,
            });
    }

    private static IQueryable<T> Scoped<T>(IQueryable<T> counters, HashSet<string>? scope) where T : Counters =>
        scope is null ? counters.AsNoTracking() : counters.AsNoTracking().Where(c => scope.Contains(c.UnitCode));

    /// <summary>
    /// A unit's figures over some counters: flows (what came in and closed) and balances (the net columns summed: pending,
    /// overdue, overdue with an apology). Each row of a report's query is one, and so is their sum per unit.
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
    }
}
