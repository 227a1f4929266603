using System.Reflection;

namespace Tthc.Contracts.IntegrationEvents;

/// <summary>
/// A fact one service tells the others, sent as a CloudEvents 1.0 envelope whose <c>type</c> is the
/// <see cref="CloudEventTypeAttribute"/> of the record and whose <c>subject</c> is <see cref="Subject"/>.
/// </summary>
public abstract record IntegrationEvent
{
    private Guid _id;

    /// <summary>
    /// Unique and stable: a redelivery carries the same id, so a subscriber can ignore it. A new event's id is made on
    /// first read (by the publisher, which reads it once to write the envelope): a received event is read with its
    /// own, and making one only to replace it cost a tenth of an inbox's time.
    /// </summary>
    public Guid Id
    {
        get => _id == Guid.Empty ? _id = Uuid7.Create() : _id;
        init => _id = value;
    }

    /// <summary>When the fact happened (UTC); for imported history, the historical instant.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The CloudEvents subject: the dossier code.</summary>
    public abstract string Subject { get; }

    /// <summary>The versioned CloudEvents type of an event record, e.g. <c>vn.tthc.case.overdue.v1</c>.</summary>
    public static string TypeOf(Type eventType) => Types.GetOrAdd(eventType, static t =>
        t.GetCustomAttribute<CloudEventTypeAttribute>()?.Type ?? throw new InvalidOperationException($"{t.Name} has no [CloudEventType]."));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Types = new();
}

/// <summary>Names the versioned CloudEvents type and the pub/sub topic of an integration event.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CloudEventTypeAttribute(string type, string topic) : Attribute
{
    public string Type { get; } = type;

    public string Topic { get; } = topic;
}

/// <summary>Topic names: one per publishing entity, so subscribers filter by type within it.</summary>
public static class Topics
{
    public const string Cases = "cases";
    public const string Apologies = "apologies";
    public const string Feedback = "feedback";
    public const string Notifications = "notifications";

    /// <summary>Contact data for Notifications alone (no other service subscribes to it).</summary>
    public const string Contacts = "contacts";
}
