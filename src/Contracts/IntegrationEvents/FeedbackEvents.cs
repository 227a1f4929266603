namespace Tthc.Contracts.IntegrationEvents;

/// <summary>What every petition event carries: the petition and the unit handling it.</summary>
public abstract record PetitionEvent : IntegrationEvent
{
    public required string PetitionCode { get; init; }

    /// <summary>The unit handling the petition now (a forward moves it).</summary>
    public required string UnitCode { get; init; }

    /// <summary>The dossier the petition is about, when it is about one.</summary>
    public string? CaseCode { get; init; }

    public override string Subject => PetitionCode;
}

/// <summary>A petition (phản ánh, kiến nghị) was received online or entered by an officer, with its deadlines.</summary>
[CloudEventType("vn.tthc.feedback.received.v1", Topics.Feedback)]
public sealed record PetitionReceived : PetitionEvent
{
    /// <summary>regulation | procedure | dossier</summary>
    public required string Kind { get; init; }

    /// <summary>online | hotline | letter | email | counter</summary>
    public required string Channel { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset ClassifyDueAt { get; init; }

    public required DateTimeOffset AnswerDueAt { get; init; }
}

/// <summary>The unit classified the petition: accepted, refused with a reason, or forwarded to the competent unit.</summary>
[CloudEventType("vn.tthc.feedback.classified.v1", Topics.Feedback)]
public sealed record PetitionClassified : PetitionEvent
{
    /// <summary>accept | refuse | forward</summary>
    public required string Decision { get; init; }

    /// <summary>The unit that classified (with a forward, <see cref="PetitionEvent.UnitCode"/> is the new one).</summary>
    public required string FromUnitCode { get; init; }

    /// <summary>Classified after its deadline.</summary>
    public required bool Late { get; init; }

    /// <summary>The answer's deadline from now on (a forward gives the new unit its own).</summary>
    public DateTimeOffset? AnswerDueAt { get; init; }

    /// <summary>With a forward, the new unit's deadline to classify.</summary>
    public DateTimeOffset? ClassifyDueAt { get; init; }
}

/// <summary>The unit asked the sender for more information: the answer's clock pauses.</summary>
[CloudEventType("vn.tthc.feedback.info-requested.v1", Topics.Feedback)]
public sealed record PetitionInfoRequested : PetitionEvent;

/// <summary>The information arrived: the clock runs again, the deadline moved by the working time paused.</summary>
[CloudEventType("vn.tthc.feedback.info-received.v1", Topics.Feedback)]
public sealed record PetitionInfoReceived : PetitionEvent
{
    public required DateTimeOffset AnswerDueAt { get; init; }
}

/// <summary>The unit answered the petition.</summary>
[CloudEventType("vn.tthc.feedback.answered.v1", Topics.Feedback)]
public sealed record PetitionAnswered : PetitionEvent
{
    public required DateTimeOffset AnsweredAt { get; init; }

    public required DateTimeOffset AnswerDueAt { get; init; }

    public required bool Late { get; init; }

    public required DateTimeOffset PublishDueAt { get; init; }
}

/// <summary>The answer appeared on the unit's public page (without the sender's personal data).</summary>
[CloudEventType("vn.tthc.feedback.published.v1", Topics.Feedback)]
public sealed record PetitionPublished : PetitionEvent
{
    public required DateTimeOffset PublishedAt { get; init; }

    public required DateTimeOffset PublishDueAt { get; init; }

    public required bool Late { get; init; }
}

/// <summary>One working day before a step's deadline, with the step not done.</summary>
[CloudEventType("vn.tthc.feedback.due-soon.v1", Topics.Feedback)]
public sealed record PetitionBecameDueSoon : PetitionEvent
{
    /// <summary>classify | answer | publish</summary>
    public required string Stage { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>A step's deadline passed with the step not done: the unit is late.</summary>
[CloudEventType("vn.tthc.feedback.overdue.v1", Topics.Feedback)]
public sealed record PetitionBecameOverdue : PetitionEvent
{
    /// <summary>classify | answer | publish</summary>
    public required string Stage { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>
/// The citizen rated a returned dossier (Circular 01/2018 Art. 13–15), or changed the rating: the whole rating, with a
/// revision that only grows, so a subscriber keeps the latest whatever the order of arrival.
/// </summary>
[CloudEventType("vn.tthc.feedback.rated.v1", Topics.Feedback)]
public sealed record CaseRated : IntegrationEvent
{
    public required string CaseCode { get; init; }

    /// <summary>The unit that decided the dossier: its satisfaction figures count the rating.</summary>
    public required string UnitCode { get; init; }

    public string? ReceivingUnitCode { get; init; }

    public string? ProcedureCode { get; init; }

    /// <summary>The nine criteria, each 0, 1 or 2 points.</summary>
    public required IReadOnlyList<int> Criteria { get; init; }

    /// <summary>very-satisfied | satisfied | dissatisfied</summary>
    public required string Verdict { get; init; }

    /// <summary>When the dossier was first rated: the period the rating counts in, whatever later changes.</summary>
    public required DateTimeOffset RatedAt { get; init; }

    /// <summary>1 for the first rating, one more for each change.</summary>
    public required int Revision { get; init; }

    /// <summary>online | kiosk</summary>
    public required string Channel { get; init; }

    public override string Subject => CaseCode;
}
