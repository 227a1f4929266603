namespace Tthc.Calendar;

/// <summary>
/// The legal clock: Asia/Ho_Chi_Minh, UTC+7 all year (no daylight saving since 1975). Instants are UTC
/// <see cref="DateTimeOffset"/>s; legal dates are <see cref="DateOnly"/>s read on this clock.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The day of the week as Vietnamese writes it: "Thứ Hai" … "Thứ Bảy", "Chủ nhật".</summary>
    public static string WeekdayName(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Monday => "Thứ Hai",
        DayOfWeek.Tuesday => "Thứ Ba",
        DayOfWeek.Wednesday => "Thứ Tư",
        DayOfWeek.Thursday => "Thứ Năm",
        DayOfWeek.Friday => "Thứ Sáu",
        DayOfWeek.Saturday => "Thứ Bảy",
        _ => "Chủ nhật",
    };

    /// <summary>The Vietnam date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today's date in Vietnam.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The first instant of a Vietnam date (its midnight).</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>The instant a Vietnam date ends: the next day's midnight.</summary>
    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    /// <summary>A date and a time of day in Vietnam, as an instant.</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), Offset);
}
