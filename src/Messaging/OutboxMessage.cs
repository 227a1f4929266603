namespace Tthc.Messaging;

/// <summary>An integration event waiting to be sent, written in the same transaction as the change it reports.</summary>
public sealed class OutboxMessage
{
    /// <summary>Creation order: the relay sends in this order (and one subject's messages strictly so).</summary>
    public long Sequence { get; private set; }

    /// <summary>The CloudEvent id.</summary>
    public required string EventId { get; init; }

    public required string Topic { get; init; }

    public required string Type { get; init; }

    public string? Subject { get; init; }

    /// <summary>W3C trace context of the operation that wrote the event, so the send joins its trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The CloudEvent, as JSON.</summary>
    public required string Envelope { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Failed every attempt: parked, counted, listed for an administrator, re-drivable. Never dropped.</summary>
    DeadLettered,
}

/// <summary>An event a subscriber has handled, recorded in the same transaction as the handler's effect.</summary>
public sealed class InboxMessage
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset HandledAt { get; init; }
}
