using CsCheck;

namespace Tthc.Calendar.Tests;

public sealed class PropertyTests
{
    private static readonly WorkingCalendar Calendar = new(YearSchedule.Shipped);

    /// <summary>Any instant from 1976 to 2100, to the minute, in Vietnam time.</summary>
    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Int[new DateOnly(1976, 1, 1).DayNumber, new DateOnly(2100, 12, 31).DayNumber]
            .Select(Gen.Int[0, 24 * 60 - 1], (day, minute) =>
                new DateTimeOffset(DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue).AddMinutes(minute), TimeSpan.FromHours(7)));

    private static readonly Gen<double> Times = Gen.Int[1, 120].Select(halfDays => halfDays / 2.0);

    [Fact]
    public void N_then_M_working_days_is_N_plus_M()
    {
        Gen.Select(Instants, Times, Times).Sample((received, n, m) =>
        {
            var first = Calendar.Compute(received, n);
            var then = Calendar.Compute(first.DueAt, m);
            return then.DueAt == Calendar.Compute(received, n + m).DueAt;
        });
    }

    [Fact]
    public void A_due_instant_never_falls_on_a_day_off_nor_outside_office_hours()
    {
        Gen.Select(Instants, Times, Gen.Bool).Sample((received, days, online) =>
        {
            var due = Calendar.Compute(received, days, online).DueAt;
            var time = TimeOnly.FromDateTime(due.DateTime);
            return Calendar.IsWorkingDay(DateOnly.FromDateTime(due.DateTime))
                   && (time == OfficeHours.Default.MorningEnd || time == OfficeHours.Default.AfternoonEnd)
                   && due > received;
        });
    }

    [Fact]
    public void Lunar_to_solar_to_lunar_round_trips()
    {
        Gen.Int[LunarCalendar.MinSolarDate.DayNumber, LunarCalendar.MaxSolarDate.DayNumber].Sample(day =>
        {
            var solar = DateOnly.FromDayNumber(day);
            var lunar = LunarCalendar.FromSolar(solar);
            return LunarCalendar.ToSolar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth) == solar;
        });
    }

    [Fact]
    public void Every_year_from_2021_has_eleven_statutory_holidays_and_a_compensatory_day_for_each_on_a_weekend()
    {
        Gen.Int[2021, 2199].Sample(year =>
        {
            var holidays = HolidayRules.StatutoryHolidays(year, null);
            var (daysOff, _) = HolidayRules.ForYear(year, null);
            var onWeekends = holidays.Count(h => h.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            return holidays.Select(h => h.Date).Distinct().Count() == 11
                   && daysOff.Count(d => d.Kind == DayOffKind.Compensatory) == onWeekends;
        });
    }
}
