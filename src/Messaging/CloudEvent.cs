using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Unicode;
using System.Text.Encodings.Web;
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

    /// <summary>
    /// Web (camelCase) JSON, used for every event's data, with Vietnamese letters written as themselves: the default
    /// encoder writes each accented one as a six-byte <c>\uXXXX</c> (two or three bytes as UTF-8), so a unit's or a
    /// procedure's name took about half as many bytes again in the outbox and on the wire. Markup-significant
    /// characters and controls are still escaped.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

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

    /// <summary>
    /// The envelope of an integration event as JSON text, the same JSON as serializing <see cref="From"/>'s envelope
    /// with <see cref="Json"/> (escaped alike, but for the "+" of the data's times), written in one pass: the event's
    /// data goes straight into the envelope instead of being written, parsed into a <see cref="JsonElement"/> and written
    /// again (a publisher writes one for every event it keeps).
    /// </summary>
    public static Written Write(IntegrationEvent integrationEvent, string source)
    {
        var id = integrationEvent.Id.ToString();
        var type = IntegrationEvent.TypeOf(integrationEvent.GetType());
        var subject = integrationEvent.Subject;
        var activity = Activity.Current;
        var traceParent = activity?.Id is { } activityId && activity.IdFormat == ActivityIdFormat.W3C ? activityId : null;
        var traceState = activity?.TraceStateString;

        // The thread's writer is taken while in use: a nested call (an event whose serialization publishes) makes its
        // own, and one that threw leaves nothing half-written behind.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ?? new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder });
        (t_buffer, t_writer) = (null, null);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        string json;
        try
        {
            writer.WriteStartObject();
            writer.WriteString("specversion"u8, "1.0"u8);
            writer.WriteString("id"u8, id);
            writer.WriteString("source"u8, source);
            writer.WriteString("type"u8, type);
            writer.WriteString("subject"u8, subject);
            writer.WriteString("time"u8, integrationEvent.OccurredAt);
            writer.WriteString("datacontenttype"u8, "application/json"u8);
            writer.WritePropertyName("data"u8);
            JsonSerializer.Serialize(writer, integrationEvent, integrationEvent.GetType(), Json);
            writer.WriteString("traceparent"u8, traceParent);
            writer.WriteString("tracestate"u8, traceState);
            writer.WriteEndObject();
            writer.Flush();
            json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            // An unusually large event's buffer does not stay with the thread.
            if (buffer.Capacity <= 64 * 1024)
            {
                (t_buffer, t_writer) = (buffer, writer);
            }
        }

        return new Written(id, type, subject, traceParent, json);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>An envelope written by <see cref="Write"/>: its JSON text and the attributes an outbox row keeps beside it.</summary>
    public readonly record struct Written(string Id, string Type, string? Subject, string? TraceParent, string Json);
}
