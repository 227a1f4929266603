namespace Tthc.Reporting.Domain;

/// <summary>One unit's flows on one Vietnam date.</summary>
public sealed class UnitDayCounter : Counters
{
    public required DateOnly Day { get; init; }
}
