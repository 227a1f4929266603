namespace Tthc.Reporting.Domain;

/// <summary>
/// What Reporting knows of one petition, set from feedback.* events (a redelivered or reordered event sets the same
/// values): where it is, its deadlines, and when each step was done.
/// </summary>
public sealed class PetitionFact
{
    public required string Code { get; init; }

    /// <summary>The unit handling it (a forward moves it): late or unanswered petitions are named there.</summary>
    public string UnitCode { get; set; } = "";

    public string? CaseCode { get; set; }

    public string Kind { get; set; } = "";

    public string Channel { get; set; } = "";

    public DateTimeOffset? ReceivedAt { get; set; }

    public DateTimeOffset? ClassifyDueAt { get; set; }

    public DateTimeOffset? ClassifiedAt { get; set; }

    /// <summary>accept | refuse | forward (the last classification).</summary>
    public string? Decision { get; set; }

    public DateTimeOffset? AnswerDueAt { get; set; }

    /// <summary>Set while the unit waits for the sender's information: the answer's clock is paused, nothing is late.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? PublishDueAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The occurrence of the last event applied, so an older one arriving late does not undo a newer step.</summary>
    public DateTimeOffset LastEventAt { get; set; }
}
