namespace Tthc.Reporting.Domain;

/// <summary>The change log of facts: <c>StreamFacts</c> reads it from a cursor.</summary>
public sealed class FactChange
{
    public long Id { get; init; }
    public required string CaseCode { get; init; }
}
