namespace Tthc.Reporting.Domain;

/// <summary>The TTHC report for a period: a row per unit and the total.</summary>
public sealed record Report(PeriodView Period, IReadOnlyList<ReportRow> Rows, ReportRow Total);
