namespace Tthc.Reporting.Domain;

public sealed record SummaryUnit(
    string UnitCode, string UnitName, long ReceivedToday, long ResolvedToday, long Pending, long PendingOverdue, IReadOnlyList<TrendMonth> Trend);
