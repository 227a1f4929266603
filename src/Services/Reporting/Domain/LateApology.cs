namespace Tthc.Reporting.Domain;

/// <summary>A dossier decided late whose apology was issued on a later day.</summary>
public sealed class LateApology
{
    public required string CaseCode { get; init; }
    public required string UnitCode { get; set; }
    public required DateOnly DecidedOn { get; set; }
    public required DateOnly ApologyOn { get; set; }
}
