using System.Reflection;

namespace Tthc.Contracts.IntegrationEvents;

/// <summary>
/// A fact one service tells the others, sent as a CloudEvents 1.0 envelope whose <c>type</c> is the
/// <see cref="CloudEventTypeAttribute"/> of the record and whose <c>subject</c> is <see cref="Subject"/>.
/// </summary>
public abstract record IntegrationEvent
{
    /// <summary>Unique and stable: a redelivery carries the same id, so a subscriber can ignore it.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>When the fact happened (UTC); for imported history, the historical instant.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The CloudEvents subject: the dossier code.</summary>
    public abstract string Subject { get; }

    /// <summary>The versioned CloudEvents type of an event record, e.g. <c>vn.tthc.case.overdue.v1</c>.</summary>
    public static string TypeOf(Type eventType) =>
        eventType.GetCustomAttribute<CloudEventTypeAttribute>()?.Type
        ?? throw new InvalidOperationException($"{eventType.Name} has no [CloudEventType].");
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
}
