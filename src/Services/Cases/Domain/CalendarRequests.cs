using System.Globalization;
using System.Text.RegularExpressions;
using Tthc.Calendar;

namespace Tthc.Cases.Domain;

/// <summary>
/// The calendar's answers as the REST and gRPC APIs give them, and the checks on what a caller asks, each failure
/// naming the parameter at fault (Vietnamese / English).
/// </summary>
public static partial class CalendarRequests
{
    public readonly record struct ParameterError(string Parameter, string Message);

    public static bool TryYear(int year, out ParameterError error)
    {
        error = year is >= HolidayRules.FirstYear and <= HolidayRules.LastYear
            ? default
            : new("year", $"Năm phải từ {HolidayRules.FirstYear} đến {HolidayRules.LastYear} / year must be between {HolidayRules.FirstYear} and {HolidayRules.LastYear}.");
        return error == default;
    }

    public static CalendarYearView Year(WorkingCalendar calendar, int year)
    {
        var schedule = calendar.ScheduleFor(year);
        var (daysOff, workingWeekends) = HolidayRules.ForYear(year, schedule);
        return new CalendarYearView(
            year,
            daysOff.Select(d => new HolidayView(d.Date, d.Name, KindName(d.Kind))).ToList(),
            workingWeekends.Select(w => new WorkingWeekendView(w.Date, w.Reason)).ToList(),
            new ScheduleInfo(schedule?.Version ?? 0, schedule?.Source, StatutoryOnly: schedule is null));
    }

    public static bool TryLunar(string? date, out LunarView lunar, out ParameterError error)
    {
        lunar = null!;
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var solar))
        {
            error = new("date", "Ngày phải có dạng YYYY-MM-DD / date must be an ISO date, e.g. 2026-02-17.");
            return false;
        }

        if (solar < LunarCalendar.MinSolarDate || solar > LunarCalendar.MaxSolarDate)
        {
            error = new("date", $"Ngày phải từ {LunarCalendar.MinSolarDate:O} đến {LunarCalendar.MaxSolarDate:O} / date must be between {LunarCalendar.MinSolarDate:O} and {LunarCalendar.MaxSolarDate:O}.");
            return false;
        }

        var l = LunarCalendar.FromSolar(solar);
        lunar = new LunarView(solar, l.Day, l.Month, l.Year, l.IsLeapMonth, LunarCalendar.CanChi(l.Year));
        error = default;
        return true;
    }

    public static bool TrySolar(int? lunarYear, int? lunarMonth, int? lunarDay, bool leap, out DateOnly date, out ParameterError error)
    {
        date = default;
        error = lunarYear is null or < LunarCalendar.FirstYear or > LunarCalendar.LastYear
            ? new("lunarYear", $"Năm âm lịch phải từ {LunarCalendar.FirstYear} đến {LunarCalendar.LastYear} / lunarYear must be between {LunarCalendar.FirstYear} and {LunarCalendar.LastYear}.")
            : lunarMonth is null or < 1 or > 12
                ? new("lunarMonth", "Tháng âm lịch phải từ 1 đến 12 / lunarMonth must be 1 to 12.")
                : lunarDay is null or < 1 or > 30
                    ? new("lunarDay", "Ngày âm lịch phải từ 1 đến 30 / lunarDay must be 1 to 30.")
                    : default;
        if (error != default)
        {
            return false;
        }

        if (leap && LunarCalendar.LeapMonth(lunarYear!.Value) != lunarMonth)
        {
            error = new("leap", $"Năm {lunarYear} không có tháng {lunarMonth} nhuận / lunar year {lunarYear} has no leap month {lunarMonth}.");
            return false;
        }

        if (!LunarCalendar.TryToSolar(lunarYear!.Value, lunarMonth!.Value, lunarDay!.Value, leap, out date))
        {
            error = new("lunarDay", $"Tháng {lunarMonth}{(leap ? " nhuận" : "")} năm {lunarYear} chỉ có 29 ngày / that lunar month has only 29 days.");
            return false;
        }

        return true;
    }

    /// <summary>Parses and checks a deadline request, then computes it with its explanation.</summary>
    public static bool TryDeadline(WorkingCalendar calendar, string? receivedAt, string? workingDays, string? channel, bool sameDay,
        out DeadlineView deadline, out ParameterError error)
    {
        deadline = null!;
        // A '+' left unencoded in a query string arrives as a space: put it back rather than refuse the caller.
        var instantText = receivedAt?.Trim().Replace(' ', '+');
        if (instantText is null || !InstantWithOffset().IsMatch(instantText) ||
            !DateTimeOffset.TryParse(instantText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
        {
            error = new("receivedAt", "Thời điểm tiếp nhận phải theo ISO 8601 có múi giờ / receivedAt must be ISO 8601 with an offset, e.g. 2026-03-02T09:00:00+07:00.");
            return false;
        }

        var received7 = VietnamTime.DateOf(received);
        if (received7 < WorkingCalendar.MinDate || received7 > WorkingCalendar.MaxDate.AddYears(-5))
        {
            error = new("receivedAt", $"Thời điểm tiếp nhận phải từ năm {WorkingCalendar.MinDate.Year} đến {WorkingCalendar.MaxDate.Year - 5} / receivedAt must fall between {WorkingCalendar.MinDate.Year} and {WorkingCalendar.MaxDate.Year - 5}.");
            return false;
        }

        if (!TryWorkingDays(workingDays, sameDay, out var days, out error))
        {
            return false;
        }

        if (channel is not (null or "" or "counter" or "online" or "postal"))
        {
            error = new("channel", "Kênh tiếp nhận phải là counter, online hoặc postal / channel must be counter, online or postal.");
            return false;
        }

        var computed = calendar.Compute(received, days, online: channel == "online", sameDay);
        var skipped = calendar.SkippedBetween(received7, DateOnly.FromDateTime(computed.DueAt.DateTime));
        deadline = new DeadlineView(
            received,
            computed.CountsFrom,
            computed.DueAt,
            skipped.Select(s => new SkippedView(s.Date, s.Reason, s.Kind)).ToList());
        error = default;
        return true;
    }

    private static bool TryWorkingDays(string? text, bool sameDay, out double days, out ParameterError error)
    {
        error = default;
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out days) ||
            days * 2 != Math.Floor(days * 2) || days > WorkingCalendar.MaxWorkingDays)
        {
            error = new("workingDays", $"Số ngày làm việc phải là số nguyên hoặc có .5, tối đa {WorkingCalendar.MaxWorkingDays} / workingDays must be a whole or half number, at most {WorkingCalendar.MaxWorkingDays}.");
        }
        else if (sameDay && days != 0)
        {
            error = new("workingDays", "Thủ tục trong ngày có số ngày là 0 / a same-day procedure has workingDays=0.");
        }
        else if (!sameDay && days == 0)
        {
            error = new("workingDays", "Số ngày làm việc phải lớn hơn 0, hoặc đặt sameDay=true / workingDays must be more than 0, or set sameDay=true.");
        }

        return error == default;
    }

    private static string KindName(DayOffKind kind) => kind switch
    {
        DayOffKind.Holiday => "holiday",
        DayOffKind.Compensatory => "compensatory",
        _ => "swap-off",
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantWithOffset();
}

public sealed record CalendarYearView(int Year, IReadOnlyList<HolidayView> Holidays, IReadOnlyList<WorkingWeekendView> WorkingWeekends, ScheduleInfo Schedule);

public sealed record HolidayView(DateOnly Date, string Name, string Kind);

public sealed record WorkingWeekendView(DateOnly Date, string Reason);

/// <summary>Which announcement the year's days come from; version 0 and <c>statutoryOnly</c> when none.</summary>
public sealed record ScheduleInfo(int Version, string? Source, bool StatutoryOnly);

public sealed record LunarView(DateOnly Solar, int LunarDay, int LunarMonth, int LunarYear, bool IsLeapMonth, string CanChi);

public sealed record SolarView(DateOnly Date);

public sealed record DeadlineView(DateTimeOffset ReceivedAt, DateTimeOffset CountsFrom, DateTimeOffset DueAt, IReadOnlyList<SkippedView> Skipped);

public sealed record SkippedView(DateOnly Date, string Reason, string Kind);
