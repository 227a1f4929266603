namespace Tthc.Contracts;

/// <summary>
/// The citizen's rating of a returned dossier (Circular 01/2018/TT-VPCP Art. 13–15): nine criteria, each 2, 1 or 0
/// points (at most 18), in this order, and the overall verdict.
/// </summary>
public static class SatisfactionCriteria
{
    public const int Count = 9;

    public static readonly IReadOnlyList<string> Names =
    [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công khai thủ tục hành chính",
        "Thời gian giải quyết",
        "Kết quả giải quyết",
        "Thái độ, tác phong của công chức",
        "Năng lực của công chức",
        "Tiếp nhận và xử lý phản ánh, kiến nghị",
        "Cơ sở vật chất, trang thiết bị",
    ];

    /// <summary>Rất hài lòng, Hài lòng, Chưa hài lòng.</summary>
    public static readonly IReadOnlyList<string> Verdicts = ["very-satisfied", "satisfied", "dissatisfied"];
}
