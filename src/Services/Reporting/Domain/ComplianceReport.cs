namespace Tthc.Reporting.Domain;

/// <summary>
/// Units with late dossiers lacking an apology in a period, worst first; and units with petitions answered late or
/// unanswered past their deadline, worst first, with the codes.
/// </summary>
public sealed record ComplianceReport(PeriodView Period, IReadOnlyList<ComplianceRow> Units, IReadOnlyList<PetitionComplianceRow> Petitions);
