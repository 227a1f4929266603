using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging;

/// <summary>
/// A CloudEvents 1.0 envelope in its JSON form, as both transports carry it: Dapr passes an envelope published as
/// <c>application/cloudevents+json</c> through unchanged, and the direct transport posts the same bytes.
/// </summary>
public sealed record CloudEvent
{
    public const string MediaType = "application/cloudevents+json";

    /// <summary>CloudEvents' batched content mode: a JSON array of events.</summary>
    public const string BatchMediaType = "application/cloudevents-batch+json";

    [JsonPropertyName("specversion")] public string SpecVersion { get; init; } = "1.0";
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }
    [JsonPropertyName("datacontenttype")] public string DataContentType { get; init; } = "application/json";
    [JsonPropertyName("data")] public required JsonElement Data { get; init; }

    /// <summary>W3C trace context of the publishing operation (CloudEvents distributed-tracing extension).</summary>
    [JsonPropertyName("traceparent")] public string? TraceParent { get; init; }

    [JsonPropertyName("tracestate")] public string? TraceState { get; init; }

    /// <summary>Web (camelCase) JSON, used for every event's data.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Wraps an integration event, carrying the current trace context.</summary>
    public static CloudEvent From(IntegrationEvent integrationEvent, string source) => new()
    {
        Id = integrationEvent.Id.ToString(),
        Source = source,
        Type = IntegrationEvent.TypeOf(integrationEvent.GetType()),
        Subject = integrationEvent.Subject,
        Time = integrationEvent.OccurredAt,
        Data = JsonSerializer.SerializeToElement(integrationEvent, integrationEvent.GetType(), Json),
        TraceParent = Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null,
        TraceState = Activity.Current?.TraceStateString,
    };
}
