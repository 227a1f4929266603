namespace Tthc.Calendar.Tests;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = new(YearSchedule.Shipped);

    private static DateTimeOffset Vn(int y, int m, int d, int hour, int minute = 0) => new(y, m, d, hour, minute, 0, TimeSpan.FromHours(7));

    [Theory]
    // Morning in, morning out; afternoon in, afternoon out: 2 March 2026 is a Monday.
    [InlineData("2026-03-02T09:00+07:00", 5, false, "2026-03-09T11:30+07:00")]
    [InlineData("2026-03-02T14:00+07:00", 5, false, "2026-03-09T17:00+07:00")]
    [InlineData("2026-03-02T09:00+07:00", 2.5, false, "2026-03-04T17:00+07:00")]
    [InlineData("2026-03-02T14:00+07:00", 0.5, false, "2026-03-03T11:30+07:00")]
    [InlineData("2026-03-02T14:00+07:00", 1.5, false, "2026-03-04T11:30+07:00")]
    // The same instant in UTC.
    [InlineData("2026-03-02T02:00Z", 5, false, "2026-03-09T11:30+07:00")]
    // Lunch break counts as the afternoon; after closing, as the next morning; before opening, as that morning.
    [InlineData("2026-03-02T12:15+07:00", 1, false, "2026-03-03T17:00+07:00")]
    [InlineData("2026-03-02T18:00+07:00", 1, false, "2026-03-04T11:30+07:00")]
    [InlineData("2026-03-02T06:00+07:00", 1, false, "2026-03-03T11:30+07:00")]
    // A Saturday receipt counts from Monday morning.
    [InlineData("2026-03-07T10:00+07:00", 1, false, "2026-03-10T11:30+07:00")]
    // Online in the last hour of the day counts from the next working day; at the counter it is still the afternoon.
    [InlineData("2026-03-02T16:15+07:00", 1, true, "2026-03-04T11:30+07:00")]
    [InlineData("2026-03-02T16:15+07:00", 1, false, "2026-03-03T17:00+07:00")]
    [InlineData("2026-03-02T15:45+07:00", 1, true, "2026-03-03T17:00+07:00")]
    // Tết Bính Ngọ: 16–20 February 2026 off, with the weekends around it.
    [InlineData("2026-02-13T10:00+07:00", 3, false, "2026-02-25T11:30+07:00")]
    // Saturday 22 August 2026 is worked in exchange for Monday 31 August.
    [InlineData("2026-08-21T09:00+07:00", 1, false, "2026-08-22T11:30+07:00")]
    [InlineData("2026-08-28T09:00+07:00", 1, false, "2026-09-03T11:30+07:00")]
    // Hùng Kings' day 2026 falls on Sunday 26 April: Monday 27 April is off instead.
    [InlineData("2026-04-24T09:00+07:00", 1, false, "2026-04-28T11:30+07:00")]
    public void Deadlines_follow_the_half_day_rules(string receivedAt, double days, bool online, string dueAt)
    {
        var deadline = Calendar.Compute(DateTimeOffset.Parse(receivedAt), days, online);

        Assert.Equal(DateTimeOffset.Parse(dueAt), deadline.DueAt);
        Assert.Equal(TimeSpan.FromHours(7), deadline.DueAt.Offset);
    }

    [Theory]
    [InlineData("2026-03-02T14:59+07:00", false, "2026-03-02T17:00+07:00")]
    [InlineData("2026-03-02T15:00+07:00", false, "2026-03-03T17:00+07:00")]
    [InlineData("2026-03-06T15:30+07:00", false, "2026-03-09T17:00+07:00")]
    [InlineData("2026-03-02T07:00+07:00", false, "2026-03-02T17:00+07:00")]
    [InlineData("2026-03-07T09:00+07:00", false, "2026-03-09T17:00+07:00")]
    [InlineData("2026-03-02T16:10+07:00", true, "2026-03-03T17:00+07:00")]
    public void Same_day_procedures_follow_the_15_00_rule(string receivedAt, bool online, string dueAt)
    {
        var deadline = Calendar.Compute(DateTimeOffset.Parse(receivedAt), 0, online, sameDay: true);

        Assert.Equal(DateTimeOffset.Parse(dueAt), deadline.DueAt);
    }

    [Fact]
    public void Counting_starts_at_the_effective_receipt()
    {
        Assert.Equal(Vn(2026, 3, 2, 9), Calendar.Compute(Vn(2026, 3, 2, 9), 1).CountsFrom);
        Assert.Equal(Vn(2026, 3, 2, 13, 30), Calendar.Compute(Vn(2026, 3, 2, 12), 1).CountsFrom);
        Assert.Equal(Vn(2026, 3, 9, 7, 30), Calendar.Compute(Vn(2026, 3, 7, 10), 1).CountsFrom);
        Assert.Equal(Vn(2026, 2, 23, 7, 30), Calendar.Compute(Vn(2026, 2, 16, 10), 1).CountsFrom);
    }

    [Fact]
    public void A_deadline_across_tet_explains_every_day_it_skipped()
    {
        var deadline = Calendar.Compute(Vn(2026, 2, 13, 10), 3);

        var skipped = Calendar.SkippedBetween(DateOnly.FromDateTime(deadline.ReceivedAt.DateTime), DateOnly.FromDateTime(deadline.DueAt.DateTime));

        Assert.Equal(
            ["2026-02-14 weekend Thứ Bảy", "2026-02-15 weekend Chủ nhật",
             "2026-02-16 holiday Tết Nguyên đán", "2026-02-17 holiday Tết Nguyên đán", "2026-02-18 holiday Tết Nguyên đán",
             "2026-02-19 holiday Tết Nguyên đán", "2026-02-20 holiday Tết Nguyên đán",
             "2026-02-21 weekend Thứ Bảy", "2026-02-22 weekend Chủ nhật"],
            skipped.Select(s => $"{s.Date:yyyy-MM-dd} {s.Kind} {s.Reason}"));
    }

    [Fact]
    public void A_holiday_on_a_weekend_is_named_and_its_compensatory_day_says_for_what()
    {
        var skipped = Calendar.SkippedBetween(new DateOnly(2026, 4, 25), new DateOnly(2026, 4, 27));

        Assert.Equal("2026-04-26 holiday Giỗ Tổ Hùng Vương", $"{skipped[1].Date:yyyy-MM-dd} {skipped[1].Kind} {skipped[1].Reason}");
        Assert.Equal("compensatory", skipped[2].Kind);
        Assert.Equal("Nghỉ bù Giỗ Tổ Hùng Vương (26/04)", skipped[2].Reason);
    }

    [Fact]
    public void A_unit_that_works_on_saturdays_counts_them()
    {
        var saturdays = new WorkingCalendar(YearSchedule.Shipped, restDays: new HashSet<DayOfWeek> { DayOfWeek.Sunday });

        Assert.Equal(Vn(2026, 3, 7, 11, 30), saturdays.Compute(Vn(2026, 3, 6, 9), 1).DueAt);
    }

    [Fact]
    public void A_unit_with_other_office_hours_ends_its_half_days_at_its_own_times()
    {
        var hours = new OfficeHours(new(8, 0), new(12, 0), new(13, 0), new(16, 30));
        var calendar = new WorkingCalendar(YearSchedule.Shipped, hours);

        Assert.Equal(Vn(2026, 3, 3, 12), calendar.Compute(Vn(2026, 3, 2, 9), 1).DueAt);
        Assert.Equal(Vn(2026, 3, 3, 16, 30), calendar.Compute(Vn(2026, 3, 2, 12, 30), 1).DueAt);
    }

    [Fact]
    public void Before_october_1999_saturday_was_a_working_day()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(1999, 9, 25)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(1999, 10, 2)));
    }

    [Fact]
    public void Paused_office_time_moves_the_deadline_on()
    {
        var deadline = Calendar.Compute(Vn(2026, 3, 2, 9), 5);

        // Paused for all of Tuesday 3 March: one working day.
        var extended = Calendar.ExtendForPauses(deadline, [(Vn(2026, 3, 3, 0), Vn(2026, 3, 4, 0))]);

        Assert.Equal(Vn(2026, 3, 10, 11, 30), extended.DueAt);
        Assert.Equal(7 * 60 + 30, Calendar.WorkingMinutesBetween(Vn(2026, 3, 3, 0), Vn(2026, 3, 4, 0)));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(1.25, false)]
    [InlineData(0, false)]
    [InlineData(2, true)]
    [InlineData(1001, false)]
    public void Impossible_statutory_times_are_refused(double days, bool sameDay)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Compute(Vn(2026, 3, 2, 9), days, sameDay: sameDay));
    }

    [Fact]
    public void Instants_outside_the_calendar_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Compute(Vn(1969, 3, 2, 9), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Compute(Vn(2199, 12, 30, 9), 5));
    }

    [Fact]
    public void Working_days_between_two_dates_skip_days_off()
    {
        // From Friday 13 February 2026 to Wednesday 25 February: Tết and two weekends lie between.
        Assert.Equal(3, Calendar.WorkingDaysAfter(new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 25)));
        Assert.Equal(0, Calendar.WorkingDaysAfter(new DateOnly(2026, 2, 25), new DateOnly(2026, 2, 13)));
    }

    [Fact]
    public void The_due_soon_moment_is_the_start_of_the_previous_working_day()
    {
        // Due Monday 23 February 2026 (after Tết): the working day before is Friday 13 February.
        Assert.Equal(Vn(2026, 2, 13, 7, 30), Calendar.StartOfWorkingDayBefore(Vn(2026, 2, 23, 11, 30)));
        Assert.Equal(Vn(2026, 3, 2, 7, 30), Calendar.StartOfWorkingDayBefore(Vn(2026, 3, 3, 17, 0)));
    }
}
