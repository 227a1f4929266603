namespace Tthc.Contracts.IntegrationEvents;

/// <summary>
/// How to reach the citizen behind a dossier, told by Cases to Notifications alone (topic <see cref="Topics.Contacts"/>,
/// which no other service subscribes to): the contact data lives in Cases and Notifications only (Decree 13/2023).
/// Sent at intake when the applicant gave an email or a phone; it also carries what the receipt's notice says.
/// </summary>
[CloudEventType("vn.tthc.case.contact-given.v1", Topics.Contacts)]
public sealed record CaseContactGiven : IntegrationEvent
{
    public required string CaseCode { get; init; }

    /// <summary>The receiving unit (the one-stop office where the result is collected).</summary>
    public required string UnitCode { get; init; }

    /// <summary>The unit that decides; officers of either unit see the dossier's notices.</summary>
    public string? ResponsibleUnitCode { get; init; }

    public required string ApplicantName { get; init; }

    public bool ApplicantIsOrganisation { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    /// <summary>The channels the citizen chose at intake (email | sms | zalo); empty: told nothing unasked.</summary>
    public IReadOnlyList<string> Notify { get; init; } = [];

    /// <summary>The receipt's lookup secret, for the links in the notices (Notifications keeps it encrypted).</summary>
    public required string LookupSecret { get; init; }

    public required string ProcedureName { get; init; }

    public required string UnitName { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    /// <summary>
    /// Steps before this instant are history, told to nobody: an imported dossier's past (its receipt, its old
    /// warnings and result) was the old system's to tell. Absent: from the receipt.
    /// </summary>
    public DateTimeOffset? NotifyFrom { get; init; }

    public override string Subject => CaseCode;
}

/// <summary>
/// A dossier's lookup secret was replaced (a lost receipt, a retried intake): the old one no longer opens it. Told to
/// Notifications alone, so its later notices carry links that work.
/// </summary>
[CloudEventType("vn.tthc.case.lookup-secret-replaced.v1", Topics.Contacts)]
public sealed record CaseLookupSecretReplaced : IntegrationEvent
{
    public required string CaseCode { get; init; }

    public required string LookupSecret { get; init; }

    public override string Subject => CaseCode;
}

/// <summary>How to reach the sender of a petition, told by Feedback to Notifications alone (as <see cref="CaseContactGiven"/>).</summary>
[CloudEventType("vn.tthc.feedback.contact-given.v1", Topics.Contacts)]
public sealed record PetitionContactGiven : IntegrationEvent
{
    public required string PetitionCode { get; init; }

    public required string UnitCode { get; init; }

    public required string Title { get; init; }

    public string? SenderName { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public override string Subject => PetitionCode;
}

/// <summary>
/// The one-stop office asked that an issued apology be sent to the citizen by email, SMS or Zalo; Notifications sends
/// it and answers with <see cref="NoticeSent"/> or <see cref="NoticeFailed"/>, which Apologies records.
/// </summary>
[CloudEventType("vn.tthc.apology.delivery-requested.v1", Topics.Apologies)]
public sealed record ApologyDeliveryRequested : ApologyEvent
{
    /// <summary>email | sms | zalo</summary>
    public required string Channel { get; init; }

    public required string Number { get; init; }

    public required DateOnly NewAppointmentDate { get; init; }

    public required string Reason { get; init; }

    /// <summary>The late unit's name, as the letter gives it.</summary>
    public string? UnitName { get; init; }

    /// <summary>The one-stop office that received the dossier (and usually asks): its officers see the notice too.</summary>
    public string? ReceivingUnitCode { get; init; }

    public required string RequestedBy { get; init; }
}

/// <summary>What every notice event carries: the notice, what it was about, and how it went.</summary>
public abstract record NoticeEvent : IntegrationEvent
{
    public required Guid NoticeId { get; init; }

    /// <summary>The dossier or petition code the notice is about.</summary>
    public required string About { get; init; }

    /// <summary>receipt | supplement-requested | supplement-received | apology-issued | result-ready | refused | stopped | petition-answered</summary>
    public required string Kind { get; init; }

    /// <summary>email | sms | zalo</summary>
    public required string Channel { get; init; }

    /// <summary>The apology the notice carried, when it carried one.</summary>
    public Guid? ApologyId { get; init; }

    public override string Subject => About;
}

/// <summary>The channel's server or provider took the notice.</summary>
[CloudEventType("vn.tthc.notification.sent.v1", Topics.Notifications)]
public sealed record NoticeSent : NoticeEvent;

/// <summary>The notice could not be sent after its retries (or the provider refused it for good): a dead letter.</summary>
[CloudEventType("vn.tthc.notification.failed.v1", Topics.Notifications)]
public sealed record NoticeFailed : NoticeEvent
{
    public required string Error { get; init; }
}
