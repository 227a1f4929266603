using System.Globalization;

namespace Tthc.Calendar.Tests;

public sealed class LunarCalendarTests
{
    /// <summary>One row of the published table: Tết, the leap month and every month's length.</summary>
    public sealed record PublishedYear(int Year, DateOnly Tet, int LeapMonth, int[] MonthLengths);

    public static IReadOnlyList<PublishedYear> Published { get; } = File
        .ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "vietnamese-lunar-years-1900-2199.csv"))
        .Where(line => line.Length > 0 && char.IsDigit(line[0]))
        .Select(line => line.Split(','))
        .Select(f => new PublishedYear(
            int.Parse(f[0], CultureInfo.InvariantCulture),
            DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            int.Parse(f[2], CultureInfo.InvariantCulture),
            f[3].Split(' ').Select(int.Parse).ToArray()))
        .ToList();

    [Fact]
    public void Every_year_from_1968_to_2199_matches_the_published_table_month_by_month()
    {
        var compared = 0;
        var mismatches = new List<string>();
        foreach (var year in Published.Where(y => y.Year >= 1968))
        {
            compared++;
            var published = MonthStarts(year);
            var ours = OurMonthStarts(year.Year, year.LeapMonth);
            for (var i = 0; i < published.Count; i++)
            {
                // Where a new moon falls within two minutes of local midnight, the day depends on ΔT, which nobody
                // knows that well for the future: either answer is defensible, so only there may the two differ.
                if (ours[i] != published[i] && !NewMoonIsWithinMinutesOfMidnight(published[i], minutes: 2))
                {
                    mismatches.Add($"{year.Year}, month start #{i + 1}: ours {ours[i]:O}, published {published[i]:O}");
                }
            }
        }

        Assert.Equal(232, compared);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void The_years_a_leap_month_falls_in_match_the_published_table_from_1968()
    {
        foreach (var year in Published.Where(y => y.Year >= 1968))
        {
            Assert.True(year.LeapMonth == LunarCalendar.LeapMonth(year.Year), $"{year.Year}");
        }
    }

    private static List<DateOnly> MonthStarts(PublishedYear year)
    {
        var starts = new List<DateOnly> { year.Tet };
        foreach (var length in year.MonthLengths)
        {
            starts.Add(starts[^1].AddDays(length));
        }

        return starts;
    }

    private static List<DateOnly> OurMonthStarts(int year, int leapMonth)
    {
        var starts = new List<DateOnly>();
        for (var month = 1; month <= 12; month++)
        {
            starts.Add(LunarCalendar.ToSolar(year, month, 1));
            if (month == leapMonth)
            {
                starts.Add(LunarCalendar.ToSolar(year, month, 1, isLeapMonth: true));
            }
        }

        starts.Add(starts[^1].AddDays(LunarCalendar.DaysInMonth(year, 12, isLeapMonth: leapMonth == 12)));
        return starts;
    }

    private static bool NewMoonIsWithinMinutesOfMidnight(DateOnly day, int minutes)
    {
        var julianDay = day.DayNumber + 1721426.0;
        var k = Astronomy.LunationBefore(julianDay + 15);
        var newMoon = Enumerable.Range(k - 1, 3).Select(Astronomy.NewMoon).MinBy(jd => Math.Abs(jd - julianDay));
        var local = newMoon + 0.5 + 7.0 / 24;
        var fromMidnight = Math.Abs(local - Math.Round(local));
        return fromMidnight < minutes / 1440.0;
    }

    [Theory]
    // The years Vietnam (UTC+7) and China (UTC+8) disagree on Tết.
    [InlineData(1985, "1985-01-21")]
    [InlineData(2007, "2007-02-17")]
    [InlineData(2026, "2026-02-17")]
    public void Tet_falls_on_the_vietnamese_date(int year, string tet)
    {
        Assert.Equal(DateOnly.Parse(tet, CultureInfo.InvariantCulture), LunarCalendar.ToSolar(year, 1, 1));
    }

    [Fact]
    public void The_chinese_calendar_differs_in_1985_so_it_is_not_what_we_use()
    {
        var chinese = new ChineseLunisolarCalendar();
        var chineseNewYear = chinese.ToDateTime(1985, 1, 1, 0, 0, 0, 0);

        Assert.Equal(new DateTime(1985, 2, 20), chineseNewYear);
        Assert.NotEqual(DateOnly.FromDateTime(chineseNewYear), LunarCalendar.ToSolar(1985, 1, 1));
    }

    [Fact]
    public void The_issue_examples_hold()
    {
        Assert.Equal(new LunarDate(2026, 1, 1, false), LunarCalendar.FromSolar(new DateOnly(2026, 2, 17)));
        Assert.Equal("Bính Ngọ", LunarCalendar.CanChi(2026));
        Assert.Equal(new DateOnly(2026, 4, 26), LunarCalendar.ToSolar(2026, 3, 10));
    }

    [Theory]
    [InlineData(1984, "Giáp Tý")]
    [InlineData(2000, "Canh Thìn")]
    [InlineData(2024, "Giáp Thìn")]
    [InlineData(2025, "Ất Tỵ")]
    public void Years_have_their_can_chi_names(int year, string name) => Assert.Equal(name, LunarCalendar.CanChi(year));

    [Fact]
    public void The_leap_month_of_2033_is_the_eleventh()
    {
        // The "2033 problem": a leap month late in the year, where simple rules go wrong.
        Assert.Equal(11, LunarCalendar.LeapMonth(2033));
        Assert.True(LunarCalendar.TryToSolar(2033, 11, 1, isLeapMonth: true, out _));
    }

    [Fact]
    public void Dates_that_do_not_exist_are_refused()
    {
        Assert.False(LunarCalendar.TryToSolar(2026, 4, 1, isLeapMonth: true, out _)); // 2026 has no leap month
        Assert.False(LunarCalendar.TryToSolar(2026, 2, 30, isLeapMonth: false, out _)); // month 2 of 2026 has 29 days
        Assert.False(LunarCalendar.TryToSolar(1899, 1, 1, isLeapMonth: false, out _));
        Assert.False(LunarCalendar.TryToSolar(2026, 13, 1, isLeapMonth: false, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.FromSolar(new DateOnly(1899, 6, 1)));
    }
}
