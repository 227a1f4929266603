using Tthc.Calendar;

namespace Tthc.Reporting.Domain;

/// <summary>
/// A reporting period, both ends inclusive, in Vietnam dates. The official kinds follow the cut-offs of Decree
/// 09/2019/NĐ-CP (a period ends on the 14th and starts on the 15th of the month before); calendar months and
/// year-to-date are also asked for, and are named as such so nobody mistakes one for the other.
/// </summary>
public sealed record ReportPeriod(DateOnly Start, DateOnly End, string Kind)
{
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string Half = "half";
    public const string NineMonths = "nine-months";
    public const string Year = "year";
    public const string CalendarMonth = "calendar-month";
    public const string YearToDate = "ytd";

    public static readonly IReadOnlyList<string> Kinds = [Month, Quarter, Half, NineMonths, Year, CalendarMonth, YearToDate];

    /// <summary>
    /// The moment the period's figures are taken at: its end, or <paramref name="now"/> while it is still running — a
    /// report never counts the future (a dossier due next week is not overdue today).
    /// </summary>
    public DateTimeOffset AsOf(DateTimeOffset now) => VietnamTime.EndOf(End) is var end && end < now ? end : now;

    /// <summary>The period has not begun on <paramref name="today"/>: it has no figures yet.</summary>
    public bool StartsAfter(DateOnly today) => Start > today;

    /// <summary>The bilingual reason a period that has not begun gets no report.</summary>
    public string NotStartedMessage =>
        $"Kỳ báo cáo bắt đầu ngày {Start:dd'/'MM'/'yyyy}, chưa có số liệu / the period starts on {Start:yyyy-MM-dd}, in the future.";

    public const int MinYear = 1976;
    public const int MaxYear = 2199;

    /// <summary>
    /// Resolves a period. <paramref name="number"/> is the month (1–12) for <c>month</c> and <c>calendar-month</c>,
    /// the quarter (1–4) for <c>quarter</c>, and for <c>ytd</c> the last month counted (default: the whole year up
    /// to <paramref name="today"/> when that falls in the year, else the whole year). On failure, names the parameter
    /// at fault and why.
    /// </summary>
    public static bool TryResolve(string? kind, int year, int? number, DateOnly today,
        out ReportPeriod period, out (string Parameter, string Message) error)
    {
        period = null!;
        error = default;
        if (year is < MinYear or > MaxYear)
        {
            error = ("year", $"Năm phải từ {MinYear} đến {MaxYear} / year must be between {MinYear} and {MaxYear}.");
            return false;
        }

        var decemberBefore = new DateOnly(year - 1, 12, 15);
        switch (kind)
        {
            case Month when number is >= 1 and <= 12:
                period = new(new DateOnly(year, number.Value, 14).AddMonths(-1).AddDays(1), new DateOnly(year, number.Value, 14), kind);
                return true;
            case Quarter when number is >= 1 and <= 4:
                var lastMonth = number.Value * 3;
                period = new(new DateOnly(year, lastMonth, 14).AddMonths(-3).AddDays(1), new DateOnly(year, lastMonth, 14), kind);
                return true;
            case Half:
                period = new(decemberBefore, new DateOnly(year, 6, 14), kind);
                return true;
            case NineMonths:
                period = new(decemberBefore, new DateOnly(year, 9, 14), kind);
                return true;
            case Year:
                period = new(decemberBefore, new DateOnly(year, 12, 14), kind);
                return true;
            case CalendarMonth when number is >= 1 and <= 12:
                var first = new DateOnly(year, number.Value, 1);
                period = new(first, first.AddMonths(1).AddDays(-1), kind);
                return true;
            case YearToDate when number is null or (>= 1 and <= 12):
                var end = number is { } m
                    ? new DateOnly(year, m, 1).AddMonths(1).AddDays(-1)
                    : today.Year == year ? today : new DateOnly(year, 12, 31);
                period = new(new DateOnly(year, 1, 1), end, kind);
                return true;
            case Month or CalendarMonth:
                error = ("number", "Tháng phải từ 1 đến 12 / number must be the month, 1 to 12.");
                return false;
            case Quarter:
                error = ("number", "Quý phải từ 1 đến 4 / number must be the quarter, 1 to 4.");
                return false;
            case YearToDate:
                error = ("number", "Tháng cuối phải từ 1 đến 12 / number must be the last month counted, 1 to 12.");
                return false;
            default:
                error = ("period", $"Kỳ báo cáo không hợp lệ / period must be one of: {string.Join(", ", Kinds)}.");
                return false;
        }
    }
}
