namespace Tthc.Apologies;

/// <summary>The province's settings for apologies, section <c>Apologies</c>.</summary>
public sealed class ApologiesOptions
{
    public const string SectionName = "Apologies";

    /// <summary>Directive 18 (Đắk Lắk) publishes every issued apology on the unit's page; a province may turn it off.</summary>
    public bool PublishOnIssue { get; set; } = true;

    /// <summary>The governing body printed above the unit's name (Decree 30/2020 header), e.g. "UBND TỈNH ĐẮK LẮK".</summary>
    public string GoverningBody { get; set; } = "UBND TỈNH ĐẮK LẮK";

    /// <summary>The place in "Đắk Lắk, ngày … tháng … năm …".</summary>
    public string Place { get; set; } = "Đắk Lắk";

    /// <summary>
    /// When a province migrates its history, dossiers whose appointment fell before this date open no draft (their
    /// lateness is history; reports still count it). Empty: every late dossier opens one.
    /// </summary>
    public DateOnly? OpenDraftsFrom { get; set; }

    /// <summary>The public address of the gateway, for links in the Atom feed and the notices; relative links when empty.</summary>
    public string? PublicBaseUrl { get; set; }
}
