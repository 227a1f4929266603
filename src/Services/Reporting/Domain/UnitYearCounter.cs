namespace Tthc.Reporting.Domain;

/// <summary>One unit's flows in one year: the long sums behind a balance read a row per past year.</summary>
public sealed class UnitYearCounter : Counters
{
    public required int Year { get; init; }
}
