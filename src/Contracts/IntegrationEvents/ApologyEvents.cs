namespace Tthc.Contracts.IntegrationEvents;

/// <summary>What every apology event carries.</summary>
public abstract record ApologyEvent : IntegrationEvent
{
    public required Guid ApologyId { get; init; }

    public required string CaseCode { get; init; }

    /// <summary>The unit that is late and owes the apology.</summary>
    public required string UnitCode { get; init; }

    public override string Subject => CaseCode;
}

/// <summary>A draft apology was opened for a dossier that is about to be, or is, late.</summary>
[CloudEventType("vn.tthc.apology.drafted.v1", Topics.Apologies)]
public sealed record ApologyDrafted : ApologyEvent
{
    /// <summary>The appointment on the receipt, which the unit expects to miss or has missed.</summary>
    public DateTimeOffset OriginalDueAt { get; init; }

    /// <summary>due-soon | overdue | decided-late | import</summary>
    public string OpenedBy { get; init; } = "";
}

/// <summary>The unit's leader signed the apology; it has its number and a new appointment date.</summary>
[CloudEventType("vn.tthc.apology.issued.v1", Topics.Apologies)]
public sealed record ApologyIssued : ApologyEvent
{
    /// <summary>e.g. <c>12/PXL</c>, sequential per unit per year.</summary>
    public required string Number { get; init; }

    public required DateOnly NewAppointmentDate { get; init; }

    /// <summary>Issued after the original appointment had passed: still an apology, reported as late.</summary>
    public required bool IssuedLate { get; init; }

    public DateTimeOffset OriginalDueAt { get; init; }

    /// <summary>The dossier's procedure, for reports by field.</summary>
    public string? ProcedureCode { get; init; }

    /// <summary>Why the unit is late, as the letter gives it (public: the unit's page shows it); absent from older events.</summary>
    public string? Reason { get; init; }

    /// <summary>The late unit's name, as the letter gives it; absent from older events.</summary>
    public string? UnitName { get; init; }
}

/// <summary>The apology reached the citizen.</summary>
[CloudEventType("vn.tthc.apology.delivered.v1", Topics.Apologies)]
public sealed record ApologyDelivered : ApologyEvent
{
    /// <summary>counter | post | email | sms | zalo | portal</summary>
    public required string Channel { get; init; }
}

/// <summary>The apology appeared on the unit's public page.</summary>
[CloudEventType("vn.tthc.apology.published.v1", Topics.Apologies)]
public sealed record ApologyPublished : ApologyEvent;

/// <summary>A dossier was decided late with no issued apology: a compliance failure of the late unit.</summary>
[CloudEventType("vn.tthc.apology.missing.v1", Topics.Apologies)]
public sealed record ApologyMissing : IntegrationEvent
{
    public required string CaseCode { get; init; }

    public required string UnitCode { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public override string Subject => CaseCode;
}
