namespace Tthc.Reporting.Domain;

/// <summary>
/// Decision 766/QĐ-TTg's service index as Tthc can measure it, section <c>ServiceIndex</c>: the groups with their
/// points, and each indicator Tthc's data measures — its group, points, threshold (full points at or above it, else
/// rate × points ÷ threshold) and the legal source it follows. The per-indicator split is not all public: the defaults
/// are Tthc's reading, named as such, and a province replaces them here. A group with no indicator is reported as not
/// measured.
/// </summary>
public sealed class ServiceIndexOptions
{
    public const string SectionName = "ServiceIndex";

    public string Source { get; set; } = "Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp)";

    public List<IndexGroupOptions> Groups { get; set; } = [];

    public List<IndexIndicatorOptions> Indicators { get; set; } = [];

    /// <summary>The measures Tthc can compute; an indicator names one of them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Measures = new Dictionary<string, string>
    {
        ["progress.decided-on-time"] = "Hồ sơ giải quyết đúng hạn (không tính thời gian bổ sung; yêu cầu bổ sung quá một lần tính trễ hạn) / dossiers decided on time",
        ["progress.not-overdue"] = "Hồ sơ đang giải quyết chưa quá hạn / pending dossiers not overdue",
        ["publicity.apologies"] = "Hồ sơ trễ hạn có phiếu xin lỗi (được công khai) / late dossiers with an apology",
        ["publicity.petitions"] = "Phản ánh, kiến nghị trả lời và công khai đúng hạn / petitions answered and published on time",
        ["online.received-online"] = "Hồ sơ tiếp nhận trực tuyến / dossiers received online",
        ["satisfaction.satisfied"] = "Người dân hài lòng hoặc rất hài lòng / citizens satisfied or very satisfied",
    };

    /// <summary>Tthc's defaults: the five groups of Decision 766 and the indicators its data measures.</summary>
    public void UseDefaultsWhereEmpty()
    {
        if (Groups.Count == 0)
        {
            Groups =
            [
                new() { Key = "publicity", Name = "Công khai, minh bạch", Points = 18 },
                new() { Key = "progress", Name = "Tiến độ giải quyết", Points = 20 },
                new() { Key = "digitisation", Name = "Số hóa hồ sơ", Points = 22 },
                new() { Key = "online", Name = "Cung cấp dịch vụ trực tuyến, thanh toán trực tuyến", Points = 22 },
                new() { Key = "satisfaction", Name = "Mức độ hài lòng", Points = 18 },
            ];
        }

        if (Indicators.Count == 0)
        {
            const string reading = "QĐ 766/QĐ-TTg, Phụ lục; điểm chia theo cách đọc của Tthc, tỉnh có thể thay";
            Indicators =
            [
                new() { Key = "publicity.apologies", Group = "publicity", Name = "Tỷ lệ hồ sơ trễ hạn có phiếu xin lỗi", Points = 9, Threshold = 0.8, Source = reading + " (Chỉ thị 18/CT-UBND)" },
                new() { Key = "publicity.petitions", Group = "publicity", Name = "Tỷ lệ phản ánh, kiến nghị trả lời và công khai đúng hạn", Points = 9, Threshold = 0.8, Source = reading + " (Nghị định 20/2008, 92/2017)" },
                new() { Key = "progress.decided-on-time", Group = "progress", Name = "Tỷ lệ hồ sơ giải quyết đúng hạn", Points = 10, Threshold = 0.8, Source = reading },
                new() { Key = "progress.not-overdue", Group = "progress", Name = "Tỷ lệ hồ sơ đang giải quyết trong hạn", Points = 10, Threshold = 0.8, Source = reading },
                new() { Key = "online.received-online", Group = "online", Name = "Tỷ lệ hồ sơ tiếp nhận trực tuyến", Points = 11, Threshold = 0.8, Source = reading + " (thanh toán trực tuyến: Tthc không đo)" },
                new() { Key = "satisfaction.satisfied", Group = "satisfaction", Name = "Tỷ lệ người dân hài lòng", Points = 18, Threshold = 0.9, Source = reading + " (Thông tư 01/2018/TT-VPCP)" },
            ];
        }
    }

    /// <summary>What is wrong with the configuration, if anything (checked at start).</summary>
    public IEnumerable<string> Problems()
    {
        var groups = Groups.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var i in Indicators)
        {
            if (!Measures.ContainsKey(i.Key))
            {
                yield return $"ServiceIndex indicator '{i.Key}' is not a measure Tthc computes ({string.Join(", ", Measures.Keys)}).";
            }

            if (!groups.Contains(i.Group))
            {
                yield return $"ServiceIndex indicator '{i.Key}' names group '{i.Group}', which is not configured.";
            }

            if (i.Points < 0 || i.Threshold is <= 0 or > 1)
            {
                yield return $"ServiceIndex indicator '{i.Key}': points must be ≥ 0 and the threshold in (0, 1].";
            }
        }
    }
}

public sealed class IndexGroupOptions
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public double Points { get; set; }
}

public sealed class IndexIndicatorOptions
{
    /// <summary>One of <see cref="ServiceIndexOptions.Measures"/>.</summary>
    public string Key { get; set; } = "";
    public string Group { get; set; } = "";
    public string Name { get; set; } = "";
    public double Points { get; set; }

    /// <summary>The rate (0–1) at which the indicator gets its full points.</summary>
    public double Threshold { get; set; } = 0.8;

    /// <summary>The legal text the indicator follows, and whether its split is a reading.</summary>
    public string Source { get; set; } = "";
}

/// <summary>One unit's index for a month.</summary>
public sealed record UnitIndex(string UnitCode, string UnitName, double Total, double MaxMeasured, int Rank, IReadOnlyList<IndexGroup> Groups);

/// <summary>A group's points: <see cref="Score"/> over what was measured, null when nothing in it was.</summary>
public sealed record IndexGroup(string Key, string Name, double Points, double? Score, double MaxMeasured, IReadOnlyList<IndexIndicator> Indicators);

/// <summary>An indicator: the rate measured (numerator ÷ denominator), and its points; no score when nothing was there to count.</summary>
public sealed record IndexIndicator(string Key, string Name, string Source, long Numerator, long Denominator, double? Rate, double Threshold, double Points, double? Score);

/// <summary>The index of a calendar month for each unit asked for, ranked by total.</summary>
public sealed record IndexReport(string Month, DateTimeOffset AsOf, string Source, IReadOnlyList<string> NotMeasured, IReadOnlyList<UnitIndex> Units);

/// <summary>A unit's total over the last twelve months, oldest first.</summary>
public sealed record IndexTrend(string UnitCode, string UnitName, IReadOnlyList<IndexTrendMonth> Months);

public sealed record IndexTrendMonth(string Month, double Total, double MaxMeasured);

/// <summary>A unit's (or a scope's) satisfaction in a period (Circular 01/2018 Art. 13–15).</summary>
public sealed record SatisfactionRow(
    string UnitCode, string UnitName, long Ratings, IReadOnlyList<double> Criteria, double Total, string? Grade, string? GradeName,
    long VerySatisfied, long Satisfied, long Dissatisfied, double VerySatisfiedShare, double SatisfiedShare, double DissatisfiedShare);

public sealed record SatisfactionReport(PeriodView Period, IReadOnlyList<string> CriteriaNames, IReadOnlyList<SatisfactionRow> Units, SatisfactionRow Total);

/// <summary>A unit's late or unanswered petitions in a period, with their codes.</summary>
public sealed record PetitionComplianceRow(string UnitCode, string UnitName, long AnsweredLate, long Unanswered, IReadOnlyList<string> Codes);
