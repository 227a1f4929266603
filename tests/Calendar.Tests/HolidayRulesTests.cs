namespace Tthc.Calendar.Tests;

public sealed class HolidayRulesTests
{
    private static IReadOnlyList<DayOff> DaysOff(int year) =>
        HolidayRules.ForYear(year, YearSchedule.Shipped.SingleOrDefault(s => s.Year == year)).DaysOff;

    [Fact]
    public void The_year_2026_has_its_announced_days_off_and_its_working_saturday()
    {
        var (daysOff, workingWeekends) = HolidayRules.ForYear(2026, YearSchedule.Shipped.Single(s => s.Year == 2026));

        Assert.Equal(
        [
            "2026-01-01 Holiday Tết Dương lịch", "2026-01-02 SwapOff Nghỉ hoán đổi, làm bù ngày 10/01/2026",
            "2026-02-16 Holiday Tết Nguyên đán", "2026-02-17 Holiday Tết Nguyên đán", "2026-02-18 Holiday Tết Nguyên đán",
            "2026-02-19 Holiday Tết Nguyên đán", "2026-02-20 Holiday Tết Nguyên đán",
            "2026-04-26 Holiday Giỗ Tổ Hùng Vương", "2026-04-27 Compensatory Nghỉ bù Giỗ Tổ Hùng Vương (26/04)",
            "2026-04-30 Holiday Ngày Chiến thắng", "2026-05-01 Holiday Ngày Quốc tế Lao động",
            "2026-08-31 SwapOff Nghỉ hoán đổi, làm bù ngày 22/08/2026",
            "2026-09-01 Holiday Quốc khánh", "2026-09-02 Holiday Quốc khánh",
        ], daysOff.Select(d => $"{d.Date:yyyy-MM-dd} {d.Kind} {d.Name}"));
        Assert.Equal([new DateOnly(2026, 1, 10), new DateOnly(2026, 8, 22)], workingWeekends.Select(w => w.Date));
    }

    [Theory]
    // Tết 2018: the 2nd and 3rd fell on the weekend, so the 4th and 5th were off (announced 14–20 February).
    [InlineData(2018, "2018-02-14", "2018-02-20")]
    // Tết 2020: 23–29 January.
    [InlineData(2020, "2020-01-23", "2020-01-29")]
    // Tết 2024: 8–14 February.
    [InlineData(2024, "2024-02-08", "2024-02-14")]
    public void Tet_breaks_run_as_announced(int year, string first, string last)
    {
        var calendar = new WorkingCalendar(YearSchedule.Shipped);
        var from = DateOnly.Parse(first);
        var to = DateOnly.Parse(last);

        Assert.True(calendar.IsWorkingDay(from.AddDays(-1)) || from.AddDays(-1).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            Assert.False(calendar.IsWorkingDay(d), $"{d:O} should be off");
        }

        Assert.True(calendar.IsWorkingDay(to.AddDays(1)), $"{to.AddDays(1):O} should be worked");
        // The five statutory Tết days of the year's schedule lie inside the announced break.
        var tet = DaysOff(year).Where(d => d.Name == HolidayRules.TetName).Select(d => d.Date).ToList();
        Assert.Equal(5, tet.Count);
        Assert.All(tet, d => Assert.InRange(d, from, to));
    }

    [Fact]
    public void A_holiday_run_over_a_weekend_pushes_compensatory_days_past_the_other_holidays()
    {
        // 2023: Hùng Kings' day on Saturday 29 April, 30 April on Sunday, 1 May on Monday.
        var compensatory = DaysOff(2023).Where(d => d.Kind == DayOffKind.Compensatory && d.Date.Month == 5).Select(d => d.Date);

        Assert.Equal([new DateOnly(2023, 5, 2), new DateOnly(2023, 5, 3)], compensatory);
    }

    [Theory]
    [InlineData(1976, 8)]
    [InlineData(2006, 8)]
    [InlineData(2007, 9)]
    [InlineData(2013, 9)]
    [InlineData(2014, 10)]
    [InlineData(2020, 10)]
    [InlineData(2021, 11)]
    [InlineData(2100, 11)]
    public void Each_year_has_the_statutory_number_of_holidays(int year, int days)
    {
        Assert.Equal(days, HolidayRules.StatutoryHolidays(year, null).Select(d => d.Date).Distinct().Count());
    }

    [Fact]
    public void Shipped_schedules_cover_2018_to_2026_and_are_valid()
    {
        Assert.Equal(Enumerable.Range(2018, 9), YearSchedule.Shipped.Select(s => s.Year));
        Assert.All(YearSchedule.Shipped, s => Assert.Empty(s.Validate()));
    }

    [Fact]
    public void A_bad_schedule_says_what_is_wrong()
    {
        var bad = new YearSchedule
        {
            Year = 2027,
            Tet = [new DateOnly(2027, 6, 1)],
            NationalDayAdjacent = new DateOnly(2027, 9, 5),
            Swaps = [new DaySwap(new DateOnly(2027, 8, 28), new DateOnly(2027, 8, 30))],
        };

        var errors = bad.Validate();

        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Contains(" / ", e));
    }

    [Fact]
    public void A_schedule_round_trips_through_json()
    {
        var schedule = YearSchedule.Shipped.Single(s => s.Year == 2026);

        Assert.Equal(schedule.ToJson(), YearSchedule.Parse(schedule.ToJson()).ToJson());
    }
}
