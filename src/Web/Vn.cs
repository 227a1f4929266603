using System.Globalization;
using Tthc.Calendar;

using Tthc.Web.Api;

namespace Tthc.Web;

/// <summary>How the pages say things: Vietnam time, dd/MM/yyyy, the states' Vietnamese names.</summary>
public static class Vn
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("vi-VN");

    public static DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(VietnamTime.Offset);

    /// <summary>Today in Vietnam.</summary>
    public static DateOnly Today => VietnamTime.DateOf(DateTimeOffset.UtcNow);

    public static string Date(DateTimeOffset at) => Local(at).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset? at) => at is { } value ? Date(value) : "—";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => Local(at).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "—";

    public static string Number(double value, int decimals = 0) => value.ToString("N" + decimals, Culture);

    public static string Percent(double share) => (share * 100).ToString("0.#", Culture) + " %";

    public static string Weekday(DateOnly date) => VietnamTime.WeekdayName(date);

    /// <summary>A procedure's statutory time: "15 ngày làm việc", "5,5 ngày làm việc", "trong ngày".</summary>
    public static string ProcessingTime(Procedure procedure) =>
        procedure.SameDay ? "trong ngày" : $"{Number(procedure.ProcessingDays, procedure.ProcessingDays % 1 == 0 ? 0 : 1)} ngày làm việc";

    public static string CaseStatus(string status) => status switch
    {
        "Received" => "Đã tiếp nhận",
        "InProgress" => "Đang giải quyết",
        "AwaitingSupplement" => "Chờ bổ sung hồ sơ",
        "Decided" => "Đã có kết quả",
        "Returned" => "Đã trả kết quả",
        "Refused" => "Từ chối giải quyết",
        "Stopped" => "Dừng giải quyết",
        "Withdrawn" => "Công dân rút hồ sơ",
        _ => status,
    };

    /// <summary>The list filter's name of a state (the API's kebab-case).</summary>
    public static string StatusParameter(string status) => status switch
    {
        "InProgress" => "in-progress",
        "AwaitingSupplement" => "awaiting-supplement",
        _ => status.ToLowerInvariant(),
    };

    public static readonly string[] CaseStatuses = ["Received", "InProgress", "AwaitingSupplement", "Decided", "Returned", "Refused", "Stopped", "Withdrawn"];

    public static string Action(string action) => action switch
    {
        "received" => "Tiếp nhận hồ sơ",
        "supplement-requested" => "Yêu cầu bổ sung",
        "supplement-received" => "Nhận hồ sơ bổ sung",
        "transferred" => "Chuyển bước xử lý",
        "decided" => "Có kết quả giải quyết",
        "returned" => "Trả kết quả",
        "refused" => "Từ chối giải quyết",
        "stopped" => "Dừng giải quyết",
        "withdrawn" => "Rút hồ sơ",
        "rescheduled" => "Hẹn lại ngày trả (phiếu xin lỗi)",
        "due-recomputed" => "Tính lại ngày hẹn (lịch thay đổi)",
        "lookup-secret-replaced" => "Cấp lại mã tra cứu",
        "imported" => "Chuyển từ hệ thống cũ",
        _ => action,
    };

    public static string Channel(string channel) => channel switch
    {
        "online" => "Trực tuyến",
        "counter" => "Trực tiếp",
        "postal" => "Bưu chính",
        _ => channel,
    };

    public static string Timeliness(string? timeliness) => timeliness switch
    {
        "early" => "Trước hạn",
        "on-time" => "Đúng hạn",
        "late" => "Quá hạn",
        _ => "—",
    };

    public static string ApologyStatus(string status) => status switch
    {
        "draft" => "Dự thảo — chờ lý do",
        "awaiting-signature" => "Chờ lãnh đạo ký",
        "issued" => "Đã ban hành",
        "cancelled" => "Đã hủy",
        _ => status,
    };

    public static string Role(string role) => role switch
    {
        "officer" => "Cán bộ",
        "leader" => "Lãnh đạo đơn vị",
        "province" => "Văn phòng UBND tỉnh (KSTTHC)",
        "platform" => "Nền tảng dữ liệu",
        "citizen" => "Công dân",
        _ => role,
    };

    public static string PeriodKind(string kind) => kind switch
    {
        "month" => "Tháng (kỳ báo cáo)",
        "quarter" => "Quý",
        "half" => "6 tháng",
        "nine-months" => "9 tháng",
        "year" => "Năm",
        "calendar-month" => "Tháng dương lịch",
        "ytd" => "Từ đầu năm đến nay",
        _ => kind,
    };
}
