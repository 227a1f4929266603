using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tthc.Calendar;

/// <summary>
/// One year's civil-service schedule as the government announces it (thông báo lịch nghỉ lễ, Tết): which days are the
/// statutory Tết holidays, which day joins National Day, and which weekdays are swapped for worked weekends. Yearly
/// data, versioned, replaceable at run time; a year without a file follows the statutory rule alone.
/// </summary>
public sealed record YearSchedule
{
    public required int Year { get; init; }

    /// <summary>Increases with every replacement of the same year.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The announcement the data comes from.</summary>
    public string? Source { get; init; }

    /// <summary>The statutory Tết Nguyên đán days the government chose (Labor Code: 5 days, 4 before 2014).</summary>
    public IReadOnlyList<DateOnly>? Tet { get; init; }

    /// <summary>The day joined to 2 September (Labor Code 2019: the day before or after it).</summary>
    public DateOnly? NationalDayAdjacent { get; init; }

    /// <summary>Weekdays given off in exchange for a weekend day worked (hoán đổi ngày làm việc).</summary>
    public IReadOnlyList<DaySwap> Swaps { get; init; } = [];

    /// <summary>True for a year shipped without an announcement: the statutory rule alone.</summary>
    public bool StatutoryOnly { get; init; }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static YearSchedule Parse(string json) =>
        JsonSerializer.Deserialize<YearSchedule>(json, Json) ?? throw new JsonException("The schedule is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// What is wrong with this schedule, in words an administrator can act on (Vietnamese / English); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Year is < HolidayRules.FirstYear or > HolidayRules.LastYear)
        {
            errors.Add($"Năm phải từ {HolidayRules.FirstYear} đến {HolidayRules.LastYear} / year must be between {HolidayRules.FirstYear} and {HolidayRules.LastYear}.");
            return errors;
        }

        if (Tet is { } tet)
        {
            var lunarNewYear = LunarCalendar.ToSolar(Year, 1, 1);
            var expected = HolidayRules.TetDayCount(Year);
            if (tet.Count != expected || tet.Distinct().Count() != tet.Count)
            {
                errors.Add($"Tết phải gồm {expected} ngày khác nhau / tet must list {expected} distinct days.");
            }

            if (tet.Any(d => Math.Abs(d.DayNumber - lunarNewYear.DayNumber) > 7))
            {
                errors.Add($"Ngày nghỉ Tết phải ở gần mùng 1 Tết ({lunarNewYear:O}) / tet days must lie within a week of {lunarNewYear:O}.");
            }
        }

        if (NationalDayAdjacent is { } adjacent && adjacent != new DateOnly(Year, 9, 1) && adjacent != new DateOnly(Year, 9, 3))
        {
            errors.Add("Ngày nghỉ liền kề Quốc khánh phải là 1/9 hoặc 3/9 / nationalDayAdjacent must be 1 or 3 September.");
        }

        foreach (var swap in Swaps)
        {
            if (swap.Off.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                errors.Add($"Ngày nghỉ hoán đổi {swap.Off:O} phải là ngày làm việc / swap day off {swap.Off:O} must be a weekday.");
            }

            if (swap.Worked.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                errors.Add($"Ngày làm bù {swap.Worked:O} phải là thứ Bảy hoặc Chủ nhật / worked day {swap.Worked:O} must be a weekend day.");
            }

            if (HolidayOn(swap.Off) is { } offHoliday)
            {
                errors.Add($"Ngày nghỉ hoán đổi {swap.Off:O} đã là ngày lễ ({offHoliday}) / swap day off {swap.Off:O} is already a holiday ({offHoliday}).");
            }

            if (HolidayOn(swap.Worked) is { } workedHoliday)
            {
                errors.Add($"Ngày làm bù {swap.Worked:O} là ngày lễ ({workedHoliday}) / worked day {swap.Worked:O} is a holiday ({workedHoliday}).");
            }
        }

        return errors;
    }

    /// <summary>The statutory holiday on a date under this schedule (its year) or the statutory rule (another year).</summary>
    private string? HolidayOn(DateOnly date) =>
        date.Year is < HolidayRules.FirstYear or > HolidayRules.LastYear
            ? null
            : HolidayRules.StatutoryHolidays(date.Year, date.Year == Year ? this : null).FirstOrDefault(h => h.Date == date)?.Name;

    /// <summary>The schedules shipped with Tthc (2018–2026), from the government's yearly announcements.</summary>
    public static IReadOnlyList<YearSchedule> Shipped { get; } = LoadShipped();

    private static List<YearSchedule> LoadShipped()
    {
        var assembly = typeof(YearSchedule).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Tthc.Calendar.Schedules.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return Parse(reader.ReadToEnd());
            })
            .OrderBy(s => s.Year)
            .ToList();
    }
}

/// <summary>A weekday off (<see cref="Off"/>) given in exchange for a weekend day worked (<see cref="Worked"/>).</summary>
public sealed record DaySwap(DateOnly Off, DateOnly Worked);
