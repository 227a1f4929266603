namespace Tthc.Reporting.Domain;

/// <summary>Today's figures and the monthly trend, for the province (or the caller's unit) and each unit, as of a moment.</summary>
public sealed record Summary(DateOnly Today, DateTimeOffset AsOf, SummaryUnit Total, IReadOnlyList<SummaryUnit> Units);
