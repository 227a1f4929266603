namespace Tthc.Contracts.IntegrationEvents;

/// <summary>What every dossier event carries: the dossier and the units it concerns.</summary>
public abstract record CaseEvent : IntegrationEvent
{
    public required string CaseCode { get; init; }

    /// <summary>The unit that received the dossier (its code begins the dossier code).</summary>
    public required string UnitCode { get; init; }

    /// <summary>The dossier's procedure, so a subscriber can keep its own record without asking Cases.</summary>
    public string? ProcedureCode { get; init; }

    public override string Subject => CaseCode;
}

/// <summary>A dossier was received, online or at the counter, and given its appointment instant.</summary>
[CloudEventType("vn.tthc.case.received.v1", Topics.Cases)]
public sealed record CaseReceived : CaseEvent
{
    /// <summary>The unit that decides, accountable for the deadline (reports count the dossier there).</summary>
    public string? ResponsibleUnitCode { get; init; }

    /// <summary>counter | online | postal</summary>
    public required IntakeChannel Channel { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>A dossier moved to another unit for a step of its processing.</summary>
[CloudEventType("vn.tthc.case.transferred.v1", Topics.Cases)]
public sealed record CaseTransferred : CaseEvent
{
    public required string FromUnitCode { get; init; }

    public required string ToUnitCode { get; init; }

    public required DateTimeOffset StepDueAt { get; init; }
}

/// <summary>The citizen was asked, in one notice, for everything missing.</summary>
[CloudEventType("vn.tthc.case.supplement-requested.v1", Topics.Cases)]
public sealed record CaseSupplementRequested : CaseEvent
{
    public required IReadOnlyList<string> Missing { get; init; }
}

/// <summary>The missing items arrived; the clock restarted or resumed and the appointment moved.</summary>
[CloudEventType("vn.tthc.case.supplement-received.v1", Topics.Cases)]
public sealed record CaseSupplementReceived : CaseEvent
{
    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>A new yearly schedule (a swap, a holiday moved) changed the appointment of an open dossier.</summary>
[CloudEventType("vn.tthc.case.due-recomputed.v1", Topics.Cases)]
public sealed record CaseDueRecomputed : CaseEvent
{
    public required DateTimeOffset PreviousDueAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>One working day before the appointment, with no result yet: the legal moment to apologise.</summary>
[CloudEventType("vn.tthc.case.due-soon.v1", Topics.Cases)]
public sealed record CaseBecameDueSoon : CaseEvent
{
    public required string ResponsibleUnitCode { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>The appointment instant passed with no result.</summary>
[CloudEventType("vn.tthc.case.overdue.v1", Topics.Cases)]
public sealed record CaseBecameOverdue : CaseEvent
{
    public required string ResponsibleUnitCode { get; init; }

    public required DateTimeOffset DueAt { get; init; }
}

/// <summary>The appointment was moved after an apology; the law allows it once.</summary>
[CloudEventType("vn.tthc.case.rescheduled.v1", Topics.Cases)]
public sealed record CaseRescheduled : CaseEvent
{
    public required DateTimeOffset OriginalDueAt { get; init; }

    public required DateTimeOffset NewDueAt { get; init; }
}

/// <summary>A result was decided; lateness is judged against the original appointment.</summary>
[CloudEventType("vn.tthc.case.decided.v1", Topics.Cases)]
public sealed record CaseDecided : CaseEvent
{
    public required string ResponsibleUnitCode { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    /// <summary>early | on-time | late</summary>
    public required Timeliness Timeliness { get; init; }

    public required int WorkingDaysLate { get; init; }
}

/// <summary>The result was handed to the citizen.</summary>
[CloudEventType("vn.tthc.case.returned.v1", Topics.Cases)]
public sealed record CaseReturned : CaseEvent
{
    /// <summary>The unit that decided (the citizen's rating of the dossier counts there); absent from older events.</summary>
    public string? ResponsibleUnitCode { get; init; }

    /// <summary>counter | postal | online</summary>
    public required IntakeChannel Channel { get; init; }
}

/// <summary>The dossier was refused, with a reason (form 03).</summary>
[CloudEventType("vn.tthc.case.refused.v1", Topics.Cases)]
public sealed record CaseRefused : CaseEvent
{
    public required string Reason { get; init; }
}

/// <summary>Processing stopped at the citizen's request.</summary>
[CloudEventType("vn.tthc.case.stopped.v1", Topics.Cases)]
public sealed record CaseStopped : CaseEvent
{
    public required string Reason { get; init; }
}

/// <summary>The citizen took the dossier back (rút hồ sơ) before a result: it ends, counted as withdrawn.</summary>
[CloudEventType("vn.tthc.case.withdrawn.v1", Topics.Cases)]
public sealed record CaseWithdrawn : CaseEvent
{
    public required string Reason { get; init; }
}
