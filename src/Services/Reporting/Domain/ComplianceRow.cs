namespace Tthc.Reporting.Domain;

public sealed record ComplianceRow(string UnitCode, string UnitName, long LateWithoutApology, IReadOnlyList<string> CaseCodes);
