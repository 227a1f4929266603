using System.Globalization;

namespace Tthc.Calendar;

public enum DayOffKind
{
    /// <summary>A statutory public holiday (ngày lễ, Tết).</summary>
    Holiday,

    /// <summary>Nghỉ bù: a holiday fell on a weekly rest day, so the next working day is off.</summary>
    Compensatory,

    /// <summary>A weekday off in exchange for a weekend day worked.</summary>
    SwapOff,
}

/// <summary>A day off other than the weekly rest days, with its Vietnamese name.</summary>
public sealed record DayOff(DateOnly Date, DayOffKind Kind, string Name);

/// <summary>A weekend day worked in exchange for a weekday off.</summary>
public sealed record WorkingWeekend(DateOnly Date, string Reason);

/// <summary>
/// The statutory holidays of each year by the law in force: Labor Code 1994 (1 January, Tết 4 days, 30 April,
/// 1 May, 2 September; applied here to every year before it too), Hùng Kings' day from 2007, Tết 5 days under
/// Labor Code 2012 (in force 1 May 2013), National Day 2 days under Labor Code 2019 (from 2021); compensatory days
/// when a holiday falls on a weekly rest day; and the year's announced swaps.
/// </summary>
public static class HolidayRules
{
    public const int FirstYear = 1970;
    public const int LastYear = 2199;

    public const string NewYearName = "Tết Dương lịch";
    public const string TetName = "Tết Nguyên đán";
    public const string HungKingsName = "Giỗ Tổ Hùng Vương";
    public const string ReunificationName = "Ngày Chiến thắng";
    public const string LabourDayName = "Ngày Quốc tế Lao động";
    public const string NationalDayName = "Quốc khánh";

    /// <summary>Civil servants have had Saturdays off since 2 October 1999 (Decision 188/1999/QĐ-TTg).</summary>
    public static readonly DateOnly FiveDayWeekSince = new(1999, 10, 2);

    /// <summary>Whether a date is a weekly rest day of the civil service.</summary>
    public static bool IsCivilServiceRestDay(DateOnly date) =>
        date.DayOfWeek == DayOfWeek.Sunday || (date.DayOfWeek == DayOfWeek.Saturday && date >= FiveDayWeekSince);

    /// <summary>Statutory Tết days in the lunar year beginning in <paramref name="year"/>.</summary>
    public static int TetDayCount(int year) => LunarCalendar.ToSolar(year, 1, 1) >= new DateOnly(2013, 5, 1) ? 5 : 4;

    /// <summary>The statutory holidays of a year, also those falling on a weekend, in date order.</summary>
    public static IReadOnlyList<DayOff> StatutoryHolidays(int year, YearSchedule? schedule)
    {
        var days = new List<DayOff>
        {
            new(new DateOnly(year, 1, 1), DayOffKind.Holiday, NewYearName),
            new(new DateOnly(year, 4, 30), DayOffKind.Holiday, ReunificationName),
            new(new DateOnly(year, 5, 1), DayOffKind.Holiday, LabourDayName),
            new(new DateOnly(year, 9, 2), DayOffKind.Holiday, NationalDayName),
        };

        days.AddRange((schedule?.Tet ?? DefaultTet(year)).Select(d => new DayOff(d, DayOffKind.Holiday, TetName)));

        if (year >= 2007)
        {
            days.Add(new(LunarCalendar.ToSolar(year, 3, 10), DayOffKind.Holiday, HungKingsName));
        }

        if (year >= 2021)
        {
            days.Add(new(schedule?.NationalDayAdjacent ?? DefaultNationalDayAdjacent(year), DayOffKind.Holiday, NationalDayName));
        }

        days.Sort((a, b) => a.Date.CompareTo(b.Date));
        return days;
    }

    /// <summary>
    /// Every day off of a year other than ordinary weekends — statutory holidays (also on weekends), compensatory
    /// days, swapped days — and the weekend days worked instead. <paramref name="unitRestDay"/> is the weekly rest of a
    /// unit off the civil service's Monday–Friday week (null for the civil service): such a unit gets compensatory days
    /// for holidays on its own rest days, and the government's swaps, made for the Monday–Friday week, do not bind it.
    /// </summary>
    public static (IReadOnlyList<DayOff> DaysOff, IReadOnlyList<WorkingWeekend> WorkingWeekends) ForYear(
        int year, YearSchedule? schedule, Func<DateOnly, bool>? unitRestDay = null)
    {
        var isRestDay = unitRestDay ?? IsCivilServiceRestDay;
        var holidays = StatutoryHolidays(year, schedule);
        var taken = holidays.Select(h => h.Date).ToHashSet();
        var result = new List<DayOff>(holidays);

        var swaps = unitRestDay is null ? schedule?.Swaps ?? [] : [];
        var swappedOff = swaps.Select(s => s.Off).ToHashSet();
        var worked = swaps.Select(s => s.Worked).ToHashSet();

        // Nghỉ bù: each holiday on a weekly rest day gives the next day that is neither a rest day nor already off.
        foreach (var holiday in holidays.Where(h => isRestDay(h.Date)))
        {
            var day = holiday.Date.AddDays(1);
            while ((isRestDay(day) && !worked.Contains(day)) || taken.Contains(day) || swappedOff.Contains(day))
            {
                day = day.AddDays(1);
            }

            taken.Add(day);
            result.Add(new(day, DayOffKind.Compensatory, $"Nghỉ bù {holiday.Name} ({DayMonth(holiday.Date)})"));
        }

        result.AddRange(swaps.Select(s => new DayOff(s.Off, DayOffKind.SwapOff, $"Nghỉ hoán đổi, làm bù ngày {FullDate(s.Worked)}")));
        result.Sort((a, b) => a.Date.CompareTo(b.Date));

        var weekends = swaps
            .Select(s => new WorkingWeekend(s.Worked, $"Làm bù cho ngày nghỉ {FullDate(s.Off)}"))
            .OrderBy(w => w.Date)
            .ToList();
        return (result, weekends);
    }

    // Vietnamese date forms, whatever the culture of the thread: "26/04", "22/08/2026".
    private static string DayMonth(DateOnly date) => date.ToString("dd'/'MM", CultureInfo.InvariantCulture);

    private static string FullDate(DateOnly date) => date.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);

    /// <summary>Without an announcement: the last day of the old lunar year and the first days of the new.</summary>
    private static IEnumerable<DateOnly> DefaultTet(int year)
    {
        var newYear = LunarCalendar.ToSolar(year, 1, 1);
        return Enumerable.Range(-1, TetDayCount(year)).Select(newYear.AddDays);
    }

    /// <summary>Without an announcement: the adjacent day that joins National Day to a weekend where it can.</summary>
    private static DateOnly DefaultNationalDayAdjacent(int year)
    {
        var nationalDay = new DateOnly(year, 9, 2);
        return nationalDay.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday
            ? nationalDay.AddDays(1)
            : nationalDay.AddDays(-1);
    }
}
