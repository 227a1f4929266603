namespace Tthc.Reporting.Domain;

/// <summary>One unit's flows in one calendar month (<see cref="Month"/> is its first day).</summary>
public sealed class UnitMonthCounter : Counters
{
    public required DateOnly Month { get; init; }
}
