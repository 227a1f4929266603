namespace Tthc.Reporting.Domain;

/// <summary>A calendar month's flows (<c>YYYY-MM</c>).</summary>
public sealed record TrendMonth(string Month, long Received, long Resolved, long ResolvedLate, long ApologiesIssued);
