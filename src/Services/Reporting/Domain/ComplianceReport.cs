namespace Tthc.Reporting.Domain;

/// <summary>Units with late dossiers lacking an apology in a period, worst first.</summary>
public sealed record ComplianceReport(PeriodView Period, IReadOnlyList<ComplianceRow> Units);
