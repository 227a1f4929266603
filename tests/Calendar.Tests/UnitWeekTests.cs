namespace Tthc.Calendar.Tests;

/// <summary>
/// New Year 2026 (Công văn 12729/VPCP-KGVX, 25 December 2025: Friday 2 January off, Saturday 10 January worked) and a
/// unit that rests on Sunday only. Expected days are written out from the notice and a wall calendar, not computed.
/// </summary>
public sealed class UnitWeekTests
{
    private static readonly WorkingCalendar CivilService = new(YearSchedule.Shipped);
    private static readonly WorkingCalendar SundayOnly = new(YearSchedule.Shipped, restDays: new HashSet<DayOfWeek> { DayOfWeek.Sunday });

    private static DateTimeOffset Vn(int y, int m, int d, int hour, int minute = 0) => new(y, m, d, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void New_year_2026_gives_friday_2_january_off_and_works_saturday_10_january()
    {
        // 1 Thu holiday, 2 Fri swapped off, 3–4 weekend, 5–9 worked, 10 Sat worked, 11 Sun off, 12 Mon worked.
        bool[] expected = [false, false, false, false, true, true, true, true, true, true, false, true];
        var actual = Enumerable.Range(1, 12).Select(d => CivilService.IsWorkingDay(new DateOnly(2026, 1, d))).ToArray();

        Assert.Equal(expected, actual);
        Assert.Contains(CivilService.SkippedBetween(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 5)),
            s => s.Date == new DateOnly(2026, 1, 2) && s.Reason.Contains("10/01/2026"));
    }

    [Theory]
    // Received on New Year's Eve morning: 1 Jan holiday, 2 Jan swapped off, weekend, then Mon 5, Tue 6, Wed 7.
    [InlineData("2025-12-31T09:00+07:00", 3, "2026-01-07T11:30+07:00")]
    // Received on Friday 2 January (a day off): counts from Monday 5 January's morning.
    [InlineData("2026-01-02T10:00+07:00", 1, "2026-01-06T11:30+07:00")]
    // Received Friday 9 January afternoon: the next working day is Saturday 10 January.
    [InlineData("2026-01-09T14:00+07:00", 1, "2026-01-10T17:00+07:00")]
    [InlineData("2026-01-09T14:00+07:00", 2, "2026-01-12T17:00+07:00")]
    public void Civil_service_deadlines_cross_the_new_year_swap(string receivedAt, double days, string dueAt) =>
        Assert.Equal(DateTimeOffset.Parse(dueAt), CivilService.Compute(DateTimeOffset.Parse(receivedAt), days).DueAt);

    [Fact]
    public void A_sunday_only_unit_works_saturdays_and_is_not_bound_by_the_swaps()
    {
        Assert.True(SundayOnly.IsWorkingDay(new DateOnly(2026, 1, 2)));  // the civil service's swapped Friday
        Assert.True(SundayOnly.IsWorkingDay(new DateOnly(2026, 1, 3)));  // an ordinary Saturday
        Assert.False(SundayOnly.IsWorkingDay(new DateOnly(2026, 1, 4))); // Sunday
        Assert.False(SundayOnly.IsWorkingDay(new DateOnly(2026, 1, 1))); // the holiday itself binds everyone
        Assert.True(SundayOnly.IsWorkingDay(new DateOnly(2026, 8, 31))); // National Day's swapped Monday
    }

    [Fact]
    public void Compensatory_days_follow_the_units_own_rest_days()
    {
        // 1 January 2028 is a Saturday: the civil service gets Monday 3 January off; a Sunday-only unit worked no
        // rest day away, so it gets none.
        Assert.False(CivilService.IsWorkingDay(new DateOnly(2028, 1, 3)));
        Assert.True(SundayOnly.IsWorkingDay(new DateOnly(2028, 1, 3)));
        // Hùng Kings' day 2026 is Sunday 26 April: both rest on Sunday, so both get Monday 27 April.
        Assert.False(CivilService.IsWorkingDay(new DateOnly(2026, 4, 27)));
        Assert.False(SundayOnly.IsWorkingDay(new DateOnly(2026, 4, 27)));
    }

    [Theory]
    // New Year's Eve 2025: 1 Jan holiday; Fri 2 (1), Sat 3 (2), Sun off, Mon 5 (3).
    [InlineData("2025-12-31T09:00+07:00", 3, "2026-01-05T11:30+07:00")]
    // A Saturday receipt is a working morning for this unit: Monday 12 January is the first working day after it.
    [InlineData("2026-01-10T09:00+07:00", 1, "2026-01-12T11:30+07:00")]
    // New Year's Eve 2027: Sat 1 Jan 2028 holiday, Sun off, Mon 3 (1), Tue 4 (2) — the civil service is a day later.
    [InlineData("2027-12-31T09:00+07:00", 2, "2028-01-04T11:30+07:00")]
    public void A_sunday_only_units_deadlines_use_its_own_week(string receivedAt, double days, string dueAt) =>
        Assert.Equal(DateTimeOffset.Parse(dueAt), SundayOnly.Compute(DateTimeOffset.Parse(receivedAt), days).DueAt);

    [Fact]
    public void The_civil_service_is_a_day_later_across_new_year_2028() =>
        Assert.Equal(Vn(2028, 1, 5, 11, 30), CivilService.Compute(Vn(2027, 12, 31, 9), 2).DueAt);

    [Fact]
    public void Saturday_and_sunday_as_rest_days_is_the_civil_service_week()
    {
        var explicitWeek = new WorkingCalendar(YearSchedule.Shipped, restDays: new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday });

        Assert.Null(explicitWeek.RestDays);
        Assert.False(explicitWeek.IsWorkingDay(new DateOnly(2026, 1, 2)));
        Assert.True(explicitWeek.IsWorkingDay(new DateOnly(2026, 1, 10)));
    }

    [Fact]
    public void A_swap_whose_day_off_is_already_a_holiday_is_refused()
    {
        var schedule = YearSchedule.Shipped.Single(s => s.Year == 2026) with
        {
            Swaps = [new DaySwap(new DateOnly(2026, 9, 2), new DateOnly(2026, 9, 5)), new DaySwap(new DateOnly(2026, 5, 4), new DateOnly(2026, 2, 21))],
        };

        var errors = schedule.Validate();

        Assert.Contains(errors, e => e.Contains("2026-09-02") && e.Contains("Quốc khánh"));
        Assert.DoesNotContain(errors, e => e.Contains("2026-05-04")); // 4 May is an ordinary Monday
        Assert.Equal(1, errors.Count(e => e.Contains("already a holiday")));
    }

    [Fact]
    public void Every_shipped_schedule_names_its_notice_or_says_it_was_not_found()
    {
        var unnumbered = YearSchedule.Shipped.Where(s => !System.Text.RegularExpressions.Regex.IsMatch(s.Source ?? "", @"(Thông báo|Công văn) số \d+/")).ToList();

        // 2020's announcement is known by its content (Tết 23–29 January 2020), not yet by its number.
        Assert.Equal([2020], unnumbered.Select(s => s.Year));
        Assert.Contains("chưa tìm được số hiệu", unnumbered[0].Source);
    }

    [Fact]
    public void Office_hours_read_and_write_one_form()
    {
        Assert.True(OfficeHours.TryParse("07:00-11:00,13:00-16:30", out var hours));
        Assert.Equal("07:00-11:00,13:00-16:30", hours.ToString());
        Assert.Equal("07:30-11:30,13:30-17:00", OfficeHours.Default.ToString());
        Assert.False(OfficeHours.TryParse("13:00-16:30,07:00-11:00", out _));
        Assert.False(OfficeHours.TryParse("7h-11h,13h-17h", out _));
        Assert.False(OfficeHours.TryParse(null, out _));
    }
}
