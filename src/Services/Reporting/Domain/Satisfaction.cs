namespace Tthc.Reporting.Domain;

/// <summary>A dossier's latest rating as Reporting counted it (to take it back when the citizen changes it).</summary>
public sealed class SatisfactionRating
{
    public required string CaseCode { get; init; }

    public required string UnitCode { get; set; }

    /// <summary>The Vietnam date the rating counts on: the first rating's, whatever later changes.</summary>
    public required DateOnly Day { get; set; }

    /// <summary>The nine points, comma-separated.</summary>
    public required string Criteria { get; set; }

    public required string Verdict { get; set; }

    public int Revision { get; set; }
}

/// <summary>
/// One unit's ratings on one day, summed: a period's satisfaction is a sum over its days, never a scan of ratings.
/// <see cref="C1"/>…<see cref="C9"/> are the points of Circular 01/2018's nine criteria.
/// </summary>
public sealed class SatisfactionDay
{
    public required string UnitCode { get; init; }

    public required DateOnly Day { get; init; }

    public long Ratings { get; set; }

    public long C1 { get; set; }
    public long C2 { get; set; }
    public long C3 { get; set; }
    public long C4 { get; set; }
    public long C5 { get; set; }
    public long C6 { get; set; }
    public long C7 { get; set; }
    public long C8 { get; set; }
    public long C9 { get; set; }

    public long VerySatisfied { get; set; }
    public long Satisfied { get; set; }
    public long Dissatisfied { get; set; }
}
