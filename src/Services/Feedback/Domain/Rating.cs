using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Feedback.Domain;

/// <summary>
/// A citizen's rating of a returned dossier (Circular 01/2018 Art. 13–15): nine criteria of 2, 1 or 0 points (at most
/// 18) and the overall verdict (<see cref="SatisfactionCriteria"/>). One per dossier; the citizen may change it for <see cref="FeedbackOptions.RatingChangeDays"/>.
/// </summary>
public sealed class Rating
{
    public required string CaseCode { get; init; }

    /// <summary>The unit that decided the dossier: its figures count the rating.</summary>
    public required string UnitCode { get; init; }

    public string? ReceivingUnitCode { get; init; }

    public string? ProcedureCode { get; init; }

    /// <summary>The nine points, comma-separated (<c>2,2,1,2,2,2,1,2,2</c>).</summary>
    public required string Criteria { get; set; }

    /// <summary>very-satisfied | satisfied | dissatisfied</summary>
    public required string Verdict { get; set; }

    /// <summary>online | kiosk</summary>
    public required string Channel { get; set; }

    public required DateTimeOffset RatedAt { get; init; }

    public DateTimeOffset ChangedAt { get; set; }

    public int Revision { get; set; } = 1;

    public IReadOnlyList<int> Points => [.. Criteria.Split(',').Select(int.Parse)];

    public int Total => Points.Sum();

    public static readonly string[] RatingChannels = ["online", "kiosk"];

    public static string Join(IReadOnlyList<int> criteria) => string.Join(',', criteria);

    public CaseRated Rated(DateTimeOffset at) => new()
    {
        OccurredAt = at, CaseCode = CaseCode, UnitCode = UnitCode, ReceivingUnitCode = ReceivingUnitCode, ProcedureCode = ProcedureCode,
        Criteria = Points, Verdict = Verdict, RatedAt = RatedAt, Revision = Revision, Channel = Channel,
    };
}

/// <summary>A dossier whose result was handed to the citizen (case.returned): it may be rated.</summary>
public sealed class ReturnedCase
{
    public required string CaseCode { get; init; }

    /// <summary>The deciding unit.</summary>
    public required string UnitCode { get; init; }

    public required string ReceivingUnitCode { get; init; }

    public string? ProcedureCode { get; init; }

    public required DateTimeOffset ReturnedAt { get; init; }
}
