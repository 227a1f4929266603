using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// Satisfaction per unit and period (sums of day counters), the petitions named in the compliance list, and Decision
/// 766's service index per unit and calendar month.
/// </summary>
public static class FeedbackQueries
{
    /// <summary>Circular 01/2018's grade of a total (at most 18): xuất sắc ≥ 15, tốt ≥ 12, khá ≥ 9, trung bình ≥ 6, else yếu.</summary>
    public static (string Key, string Name) Grade(double total) => total switch
    {
        >= 15 => ("xuat-sac", "Xuất sắc"),
        >= 12 => ("tot", "Tốt"),
        >= 9 => ("kha", "Khá"),
        >= 6 => ("trung-binh", "Trung bình"),
        _ => ("yeu", "Yếu"),
    };

    /// <summary>The satisfaction of a unit and each unit under it (or every unit), in a period, as of its end or now.</summary>
    public static async Task<SatisfactionReport> BuildSatisfactionAsync(
        this ReportingDbContext db, string? unitCode, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var asOf = period.AsOf(now);
        var lastDay = asOf < VietnamTime.EndOf(period.End) ? VietnamTime.DateOf(asOf) : period.End;
        var directory = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var scope = unitCode is null ? null : ReportQueries.Subtree(directory, unitCode);
        var sums = await SatisfactionSumsAsync(db, scope, period.Start, lastDay, cancellationToken);
        var names = directory.ToDictionary(u => u.Code, u => u.Name);
        var rows = sums.OrderBy(s => s.UnitCode, StringComparer.Ordinal).Select(s => Row(s, names.GetValueOrDefault(s.UnitCode, s.UnitCode))).ToList();
        var total = Row(sums.Aggregate(new SatisfactionDay { UnitCode = unitCode ?? "", Day = default }, Add),
            unitCode is null ? "Toàn tỉnh" : names.GetValueOrDefault(unitCode, unitCode));
        return new SatisfactionReport(PeriodView.Of(period, asOf), SatisfactionCriteria.Names, rows, total);
    }

    private static async Task<List<SatisfactionDay>> SatisfactionSumsAsync(
        ReportingDbContext db, HashSet<string>? scope, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = db.SatisfactionDays.AsNoTracking().Where(d => d.Day >= from && d.Day <= to);
        if (scope is not null)
        {
            days = days.Where(d => scope.Contains(d.UnitCode));
        }

        var grouped = await days.GroupBy(d => d.UnitCode).Select(g => new
        {
            g.Key,
            Ratings = g.Sum(d => d.Ratings),
            C1 = g.Sum(d => d.C1), C2 = g.Sum(d => d.C2), C3 = g.Sum(d => d.C3), C4 = g.Sum(d => d.C4), C5 = g.Sum(d => d.C5),
            C6 = g.Sum(d => d.C6), C7 = g.Sum(d => d.C7), C8 = g.Sum(d => d.C8), C9 = g.Sum(d => d.C9),
            VerySatisfied = g.Sum(d => d.VerySatisfied), Satisfied = g.Sum(d => d.Satisfied), Dissatisfied = g.Sum(d => d.Dissatisfied),
        }).ToListAsync(cancellationToken);
        return grouped.Where(g => g.Ratings > 0).Select(g => new SatisfactionDay
        {
            UnitCode = g.Key, Day = default, Ratings = g.Ratings, C1 = g.C1, C2 = g.C2, C3 = g.C3, C4 = g.C4, C5 = g.C5, C6 = g.C6, C7 = g.C7,
            C8 = g.C8, C9 = g.C9, VerySatisfied = g.VerySatisfied, Satisfied = g.Satisfied, Dissatisfied = g.Dissatisfied,
        }).ToList();
    }

    private static SatisfactionDay Add(SatisfactionDay a, SatisfactionDay b) => new()
    {
        UnitCode = a.UnitCode, Day = default, Ratings = a.Ratings + b.Ratings,
        C1 = a.C1 + b.C1, C2 = a.C2 + b.C2, C3 = a.C3 + b.C3, C4 = a.C4 + b.C4, C5 = a.C5 + b.C5, C6 = a.C6 + b.C6, C7 = a.C7 + b.C7,
        C8 = a.C8 + b.C8, C9 = a.C9 + b.C9,
        VerySatisfied = a.VerySatisfied + b.VerySatisfied, Satisfied = a.Satisfied + b.Satisfied, Dissatisfied = a.Dissatisfied + b.Dissatisfied,
    };

    private static SatisfactionRow Row(SatisfactionDay s, string name)
    {
        long[] points = [s.C1, s.C2, s.C3, s.C4, s.C5, s.C6, s.C7, s.C8, s.C9];
        if (s.Ratings == 0)
        {
            return new SatisfactionRow(s.UnitCode, name, 0, [.. points.Select(_ => 0.0)], 0, null, null, 0, 0, 0, 0, 0, 0);
        }

        var criteria = points.Select(p => Math.Round((double)p / s.Ratings, 2)).ToList();
        var average = (double)points.Sum() / s.Ratings;
        var (grade, gradeName) = Grade(average); // graded on the average itself: 14.9975 is "tốt", though shown as 15.00
        return new SatisfactionRow(s.UnitCode, name, s.Ratings, criteria, Math.Round(average, 2), grade, gradeName, s.VerySatisfied, s.Satisfied, s.Dissatisfied,
            Share(s.VerySatisfied, s.Ratings), Share(s.Satisfied, s.Ratings), Share(s.Dissatisfied, s.Ratings));
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    /// <summary>
    /// Units whose petitions were answered late in the period, or are unanswered past their deadline at its end (or
    /// now): refusals with a reason are handled, and a petition waiting for its sender's information is not late
    /// (its clock is paused). Worst first, with the codes.
    /// </summary>
    public static async Task<List<PetitionComplianceRow>> PetitionComplianceAsync(
        this ReportingDbContext db, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = VietnamTime.StartOf(period.Start);
        var end = period.AsOf(now);
        var late = await db.Petitions.AsNoTracking()
            .Where(p => p.Decision != "refuse" && p.AnswerDueAt != null && p.AnswerDueAt < end
                && ((p.AnsweredAt != null && p.AnsweredAt > p.AnswerDueAt && p.AnsweredAt >= from && p.AnsweredAt < end)
                    || ((p.AnsweredAt == null || p.AnsweredAt >= end) && p.PausedAt == null)))
            .Select(p => new { p.UnitCode, p.Code, p.AnsweredAt })
            .ToListAsync(cancellationToken);
        var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);
        return late.GroupBy(p => p.UnitCode)
            .Select(g => new PetitionComplianceRow(g.Key, names.GetValueOrDefault(g.Key, g.Key),
                g.LongCount(p => p.AnsweredAt is { } at && at < end), g.LongCount(p => p.AnsweredAt is not { } at || at >= end),
                g.Select(p => p.Code).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(r => r.AnsweredLate + r.Unanswered).ThenBy(r => r.UnitCode, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The service index of one calendar month for one unit (its own dossiers, not its sub-units') or every unit,
    /// ranked by total. A month still running is measured as of now.
    /// </summary>
    public static async Task<IndexReport> BuildIndexAsync(
        this ReportingDbContext db, ServiceIndexOptions options, string? unitCode, int year, int month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = new ReportPeriod(new DateOnly(year, month, 1), new DateOnly(year, month, 1).AddMonths(1).AddDays(-1), ReportPeriod.CalendarMonth);
        var asOf = period.AsOf(now);
        var measures = await MeasureAsync(db, unitCode, period, now, cancellationToken);
        var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);
        var units = measures.Select(m => Score(options, m.Key, names.GetValueOrDefault(m.Key, m.Key), m.Value)).ToList();
        var ranked = units.OrderByDescending(u => u.MaxMeasured == 0 ? -1 : u.Total / u.MaxMeasured).ThenBy(u => u.UnitCode, StringComparer.Ordinal)
            .Select((u, i) => u with { Rank = i + 1 }).ToList();
        var measuredGroups = options.Indicators.Select(i => i.Group).ToHashSet(StringComparer.Ordinal);
        return new IndexReport($"{year:D4}-{month:D2}", asOf, options.Source,
            options.Groups.Where(g => !measuredGroups.Contains(g.Key)).Select(g => g.Name).ToList(), ranked);
    }

    /// <summary>A unit's index over the twelve calendar months up to <paramref name="now"/>'s.</summary>
    public static async Task<IndexTrend> BuildIndexTrendAsync(
        this ReportingDbContext db, ServiceIndexOptions options, string unitCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = VietnamTime.DateOf(now);
        var months = new List<IndexTrendMonth>();
        for (var i = 11; i >= 0; i--)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-i);
            var report = await db.BuildIndexAsync(options, unitCode, first.Year, first.Month, now, cancellationToken);
            var unit = report.Units.FirstOrDefault();
            months.Add(new IndexTrendMonth(report.Month, unit?.Total ?? 0, unit?.MaxMeasured ?? 0));
        }

        var name = await db.Units.AsNoTracking().Where(u => u.Code == unitCode).Select(u => u.Name).FirstOrDefaultAsync(cancellationToken);
        return new IndexTrend(unitCode, name ?? unitCode, months);
    }

    private static UnitIndex Score(ServiceIndexOptions options, string unitCode, string unitName, Dictionary<string, (long Numerator, long Denominator)> measured)
    {
        var groups = options.Groups.Select(g =>
        {
            var indicators = options.Indicators.Where(i => i.Group == g.Key).Select(i =>
            {
                var (numerator, denominator) = measured.GetValueOrDefault(i.Key);
                double? rate = denominator == 0 ? null : (double)numerator / denominator;
                double? score = rate is { } r ? Math.Round(r >= i.Threshold ? i.Points : r * i.Points / i.Threshold, 2, MidpointRounding.AwayFromZero) : null;
                return new IndexIndicator(i.Key, i.Name, i.Source, numerator, denominator, rate is { } x ? Math.Round(x, 4) : null, i.Threshold, i.Points, score);
            }).ToList();
            var scored = indicators.Where(i => i.Score is not null).ToList();
            return new IndexGroup(g.Key, g.Name, g.Points, scored.Count == 0 ? null : Math.Round(scored.Sum(i => i.Score!.Value), 2),
                scored.Sum(i => i.Points), indicators);
        }).ToList();
        return new UnitIndex(unitCode, unitName, Math.Round(groups.Sum(g => g.Score ?? 0), 2), groups.Sum(g => g.MaxMeasured), 0, groups);
    }

    /// <summary>Each unit's numerator and denominator per measure, for the month.</summary>
    private static async Task<Dictionary<string, Dictionary<string, (long, long)>>> MeasureAsync(
        ReportingDbContext db, string? unitCode, ReportPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var asOf = period.AsOf(now);
        var from = VietnamTime.StartOf(period.Start);
        var result = new Dictionary<string, Dictionary<string, (long, long)>>(StringComparer.Ordinal);
        Dictionary<string, (long, long)> Of(string unit) =>
            result.TryGetValue(unit, out var m) ? m : result[unit] = new Dictionary<string, (long, long)>(StringComparer.Ordinal);

        // From the report of the calendar month: received online, pending not overdue, late with an apology.
        var report = await db.BuildReportAsync(unitCode, period, now, cancellationToken);
        foreach (var row in report.Rows.Where(r => unitCode is null || r.UnitCode == unitCode))
        {
            var received = row.ReceivedOnline + row.ReceivedCounter + row.ReceivedPostal;
            var late = row.LateWithApology + row.LateWithoutApology;
            if (received + row.Pending + late + row.Resolved == 0)
            {
                continue;
            }

            var m = Of(row.UnitCode);
            m["online.received-online"] = (row.ReceivedOnline, received);
            m["progress.not-overdue"] = (row.PendingNotYetDue, row.Pending);
            m["publicity.apologies"] = (row.LateWithApology, late);
        }

        // Decided in the month: on time unless late or asked for a supplement more than once.
        var decided = db.Facts.AsNoTracking().Where(f => f.Outcome == CaseOutcome.Decided && f.ClosedAt >= from && f.ClosedAt < asOf);
        if (unitCode is not null)
        {
            decided = decided.Where(f => f.UnitCode == unitCode);
        }

        foreach (var g in await decided.GroupBy(f => f.UnitCode)
            .Select(g => new { g.Key, All = g.LongCount(), OnTime = g.LongCount(f => f.Timeliness != Timeliness.Late && f.SupplementRequests <= 1) })
            .ToListAsync(cancellationToken))
        {
            Of(g.Key)["progress.decided-on-time"] = (g.OnTime, g.All);
        }

        // Petitions whose answer fell due in the month (by now): answered on time, and published on time (or not yet due).
        var petitions = db.Petitions.AsNoTracking()
            .Where(p => p.Decision != "refuse" && p.AnswerDueAt >= from && p.AnswerDueAt < asOf && (p.PausedAt == null || p.AnsweredAt != null));
        if (unitCode is not null)
        {
            petitions = petitions.Where(p => p.UnitCode == unitCode);
        }

        foreach (var g in (await petitions.Select(p => new { p.UnitCode, p.AnswerDueAt, p.AnsweredAt, p.PublishDueAt, p.PublishedAt }).ToListAsync(cancellationToken))
            .GroupBy(p => p.UnitCode))
        {
            var onTime = g.LongCount(p => p.AnsweredAt is { } answered && answered <= p.AnswerDueAt && answered < asOf
                && (p.PublishedAt is { } published && published < asOf ? published <= p.PublishDueAt : p.PublishDueAt >= asOf));
            Of(g.Key)["publicity.petitions"] = (onTime, g.LongCount());
        }

        // Ratings given in the month: satisfied or very satisfied.
        var lastDay = asOf < VietnamTime.EndOf(period.End) ? VietnamTime.DateOf(asOf) : period.End;
        foreach (var s in await SatisfactionSumsAsync(db, unitCode is null ? null : [unitCode], period.Start, lastDay, cancellationToken))
        {
            Of(s.UnitCode)["satisfaction.satisfied"] = (s.VerySatisfied + s.Satisfied, s.Ratings);
        }

        if (unitCode is not null)
        {
            Of(unitCode);
        }

        return result;
    }
}
