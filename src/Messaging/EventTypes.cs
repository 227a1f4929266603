using System.Reflection;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging;

/// <summary>The integration-event records of <c>Contracts</c>, by CloudEvents type and by topic.</summary>
public static class EventTypes
{
    private static readonly Dictionary<string, (Type Type, string Topic)> ByCloudEventType = typeof(IntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(IntegrationEvent)))
        .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CloudEventTypeAttribute>()))
        .Where(x => x.Attribute is not null)
        .ToDictionary(x => x.Attribute!.Type, x => (x.Type, x.Attribute!.Topic));

    public static bool TryGet(string cloudEventType, out Type type)
    {
        var found = ByCloudEventType.TryGetValue(cloudEventType, out var entry);
        type = entry.Type;
        return found;
    }

    public static string TopicOf(Type eventType) => Topics.GetOrAdd(eventType, static t =>
        t.GetCustomAttribute<CloudEventTypeAttribute>()?.Topic ?? throw new InvalidOperationException($"{t.Name} has no [CloudEventType]."));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Topics = new();
}
