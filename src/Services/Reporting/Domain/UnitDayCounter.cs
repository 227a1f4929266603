namespace Tthc.Reporting.Domain;

/// <summary>
/// What happened in one unit on one Vietnam date, counted as the events arrive; a report sums these rows instead of
/// scanning dossiers.
/// </summary>
public sealed class UnitDayCounter
{
    public required string UnitCode { get; init; }

    public required DateOnly Day { get; init; }

    public long ReceivedOnline { get; set; }
    public long ReceivedCounter { get; set; }
    public long ReceivedPostal { get; set; }
    public long ResolvedEarly { get; set; }
    public long ResolvedOnTime { get; set; }
    public long ResolvedLate { get; set; }
    public long Refused { get; set; }
    public long Stopped { get; set; }
    public long Withdrawn { get; set; }
    public long ApologiesIssuedLate { get; set; }
}

/// <summary>A unit as reports name it.</summary>
public sealed class ReportingUnit
{
    public required string Code { get; init; }

    public required string Name { get; set; }
}
