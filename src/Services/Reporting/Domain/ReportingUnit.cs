namespace Tthc.Reporting.Domain;

/// <summary>A unit as reports name it, with its place in the tree (from Cases).</summary>
public sealed class ReportingUnit
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>province | department | district | commune</summary>
    public string Kind { get; set; } = "";

    public string? ParentCode { get; set; }
}
