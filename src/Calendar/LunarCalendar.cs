namespace Tthc.Calendar;

/// <summary>A date of the Vietnamese lunisolar calendar (âm lịch).</summary>
/// <param name="Year">The lunar year, named after the Gregorian year in which its first month begins.</param>
/// <param name="Month">1–12.</param>
/// <param name="Day">1–30.</param>
/// <param name="IsLeapMonth">True in the repeated (nhuận) month.</param>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth);

/// <summary>
/// The Vietnamese lunisolar calendar, computed astronomically for lunar years 1900–2199: months begin on the local day
/// of the new moon, month 11 holds the winter solstice, and in a year of 13 months the first month after month 11
/// without a major solar term repeats the month before it. "Local" is UTC+7 from 1968, when Vietnam began reckoning
/// its own calendar (hence Tết Mậu Thân on 29 January 1968 in the North, 30 January in the South); before that the
/// calendar in use followed China's UTC+8. Not .NET's <c>ChineseLunisolarCalendar</c>, which reckons at UTC+8 and
/// differs from Vietnam in some years (Tết 1985, 2007).
/// </summary>
public static class LunarCalendar
{
    public const int FirstYear = 1900;
    public const int LastYear = 2199;

    /// <summary>The first Gregorian year whose months (from month 11 of the year before) are reckoned at UTC+7.</summary>
    private const int FirstYearAtUtcPlus7 = 1968;

    /// <summary>Julian day number of <c>DateOnly.MinValue</c>.</summary>
    private const int JulianDayOfDayNumberZero = 1721426;

    private static readonly string[] Stems = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
    private static readonly string[] Branches = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];

    private static readonly Lazy<MonthTable> Table = new(MonthTable.Build);

    /// <summary>First and last solar dates covered (Tết of 1900 to the eve of Tết 2200).</summary>
    public static DateOnly MinSolarDate => DateOnly.FromDayNumber(Table.Value.Starts[0]);

    public static DateOnly MaxSolarDate => DateOnly.FromDayNumber(Table.Value.End - 1);

    /// <summary>The lunar date of a solar date between <see cref="MinSolarDate"/> and <see cref="MaxSolarDate"/>.</summary>
    public static LunarDate FromSolar(DateOnly date)
    {
        var table = Table.Value;
        var day = date.DayNumber;
        if (day < table.Starts[0] || day >= table.End)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"Lunar dates are known from {MinSolarDate:O} to {MaxSolarDate:O}.");
        }

        var index = Array.BinarySearch(table.Starts, day);
        if (index < 0)
        {
            index = ~index - 1;
        }

        var month = table.Months[index];
        return new LunarDate(month.Year, month.Month, day - table.Starts[index] + 1, month.IsLeap);
    }

    /// <summary>The solar date of a lunar date, or false when there is no such day (no such leap month, day 30 of a 29-day month…).</summary>
    public static bool TryToSolar(int year, int month, int day, bool isLeapMonth, out DateOnly date)
    {
        date = default;
        if (year is < FirstYear or > LastYear || month is < 1 or > 12 || day is < 1 or > 30)
        {
            return false;
        }

        var table = Table.Value;
        if (!table.IndexOf.TryGetValue((year, month, isLeapMonth), out var index) || day > table.Length(index))
        {
            return false;
        }

        date = DateOnly.FromDayNumber(table.Starts[index] + day - 1);
        return true;
    }

    /// <summary>The solar date of a lunar date; throws when there is none.</summary>
    public static DateOnly ToSolar(int year, int month, int day, bool isLeapMonth = false) =>
        TryToSolar(year, month, day, isLeapMonth, out var date)
            ? date
            : throw new ArgumentOutOfRangeException(nameof(day), $"There is no lunar date {day}/{month}{(isLeapMonth ? " (leap)" : "")}/{year}.");

    /// <summary>Number of days in a lunar month (29 or 30), or 0 when the month does not exist.</summary>
    public static int DaysInMonth(int year, int month, bool isLeapMonth = false)
    {
        var table = Table.Value;
        return table.IndexOf.TryGetValue((year, month, isLeapMonth), out var index) ? table.Length(index) : 0;
    }

    /// <summary>The leap month of a lunar year, or 0 when it has none.</summary>
    public static int LeapMonth(int year) =>
        Enumerable.Range(1, 12).FirstOrDefault(m => Table.Value.IndexOf.ContainsKey((year, m, true)));

    /// <summary>The sexagenary (can chi) name of a lunar year, e.g. <c>Bính Ngọ</c> for 2026.</summary>
    public static string CanChi(int lunarYear) =>
        $"{Stems[Mod(lunarYear + 6, 10)]} {Branches[Mod(lunarYear + 8, 12)]}";

    private static int Mod(int value, int modulus) => ((value % modulus) + modulus) % modulus;

    private readonly record struct MonthLabel(int Year, int Month, bool IsLeap);

    /// <summary>Every lunar month from 1899 to 2200: its first day (DateOnly day number) and its label.</summary>
    private sealed class MonthTable
    {
        public required int[] Starts { get; init; }
        public required MonthLabel[] Months { get; init; }
        public required Dictionary<(int Year, int Month, bool IsLeap), int> IndexOf { get; init; }

        /// <summary>First day after the last tabulated month of lunar year <see cref="LastYear"/>.</summary>
        public required int End { get; init; }

        public int Length(int index) => Starts[index + 1] - Starts[index];

        public static MonthTable Build()
        {
            var starts = new List<int>();
            var months = new List<MonthLabel>();

            // Each Gregorian year Y contributes the months from month 11 of lunar year Y-1 up to month 10 of Y.
            for (var year = FirstYear; year <= LastYear + 1; year++)
            {
                var zone = year < FirstYearAtUtcPlus7 ? 8.0 : 7.0;
                var (k, eleventh) = Month11(year - 1, zone);
                var (_, nextEleventh) = Month11(year, zone);
                var count = (int)Math.Round((nextEleventh - eleventh) / Astronomy.SynodicMonth);
                var leapOffset = count == 13 ? LeapOffset(k, zone) : -1;

                for (var offset = 0; offset < count; offset++)
                {
                    var numbered = leapOffset >= 0 && offset >= leapOffset ? offset - 1 : offset;
                    var month = (numbered + 10) % 12 + 1; // offset 0 is month 11
                    var lunarYear = month >= 11 ? year - 1 : year;
                    starts.Add(NewMoonDay(k + offset, zone));
                    months.Add(new MonthLabel(lunarYear, month, offset == leapOffset));
                }
            }

            // Keep lunar years FirstYear..LastYear whole, plus the first day of the following one as the end mark.
            var first = months.FindIndex(m => m is { Year: FirstYear, Month: 1, IsLeap: false });
            var last = months.FindIndex(m => m is { Year: LastYear + 1, Month: 1, IsLeap: false });
            var table = new MonthTable
            {
                Starts = starts.GetRange(first, last - first + 1).ToArray(),
                Months = months.GetRange(first, last - first + 1).ToArray(),
                IndexOf = [],
                End = starts[last],
            };
            for (var i = 0; i < last - first; i++)
            {
                table.IndexOf[(table.Months[i].Year, table.Months[i].Month, table.Months[i].IsLeap)] = i;
            }

            return table;
        }

        /// <summary>The lunation number and first day of month 11 (the month of the winter solstice) of a year.</summary>
        private static (int Lunation, int FirstDay) Month11(int year, double zone)
        {
            var lastDay = new DateOnly(year, 12, 31).DayNumber;
            var k = Astronomy.LunationBefore(lastDay + JulianDayOfDayNumberZero) + 1;
            var day = NewMoonDay(k, zone);
            while (day > lastDay)
            {
                day = NewMoonDay(--k, zone);
            }

            // A month that begins with the Sun already past 270° started after the solstice: month 11 is the one before.
            if (MajorTerm(day, zone) >= 9)
            {
                day = NewMoonDay(--k, zone);
            }

            return (k, day);
        }

        /// <summary>Offset from month 11 of the first month with no major solar term: the leap month.</summary>
        private static int LeapOffset(int month11Lunation, double zone)
        {
            var offset = 1;
            var term = MajorTerm(NewMoonDay(month11Lunation + offset, zone), zone);
            while (offset < 13)
            {
                var next = MajorTerm(NewMoonDay(month11Lunation + offset + 1, zone), zone);
                if (next == term)
                {
                    return offset;
                }

                term = next;
                offset++;
            }

            return -1;
        }

        /// <summary>The local day on which new moon number <paramref name="k"/> falls, as a DateOnly day number.</summary>
        public static int NewMoonDay(int k, double zone) =>
            (int)Math.Floor(Astronomy.NewMoon(k) + 0.5 + zone / 24) - JulianDayOfDayNumberZero;

        /// <summary>The 30° sector (0–11) the Sun is in at the local midnight starting the day.</summary>
        private static int MajorTerm(int dayNumber, double zone) =>
            (int)Math.Floor(Astronomy.SunLongitude(dayNumber + JulianDayOfDayNumberZero - 0.5 - zone / 24) / Math.PI * 6);
    }
}
