using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
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

    /// <summary>
    /// A batch (<see cref="BatchMediaType"/>: a JSON array of envelopes) read in one pass, each event's data straight into
    /// the type <paramref name="typeOf"/> gives for its <c>type</c> (null: not this reader's, its data skipped). Read as
    /// <see cref="CloudEvent"/> records instead, every event's data was parsed into a <see cref="JsonElement"/> of its
    /// own, copied, and read again. The envelope is checked as the records were: an array of objects with a string
    /// <c>id</c>, <c>source</c> and <c>type</c>, a <c>time</c> and a <c>data</c>, attribute names in any case. Data
    /// that comes before its type (a writer other than <see cref="Write"/>) goes through a <see cref="JsonElement"/>.
    /// </summary>
    /// <exception cref="JsonException">The text is not such a batch.</exception>
    public static List<ReadEvent> ReadBatch(ReadOnlySpan<byte> json, Func<string, Type?> typeOf)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Json.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A batch of CloudEvents is a JSON array.");
        }

        var batch = new List<ReadEvent>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            batch.Add(ReadOne(ref reader, typeOf));
        }

        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            throw new JsonException("A batch of CloudEvents is one JSON array.");
        }

        return batch;
    }

    private static ReadEvent ReadOne(ref Utf8JsonReader reader, Func<string, Type?> typeOf)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Each CloudEvent of a batch is a JSON object.");
        }

        string? id = null, type = null;
        Type? dataType = null;
        bool source = false, time = false, data = false;
        IntegrationEvent? integrationEvent = null;
        JsonElement? early = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = Attribute(ref reader);
            reader.Read();
            switch (name)
            {
                case "id":
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("A CloudEvent's id is a string.");
                    break;
                case "type":
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A CloudEvent's type is a string.");
                    dataType = typeOf(type);
                    break;
                case "source":
                    source = reader.TokenType == JsonTokenType.String ? true : throw new JsonException("A CloudEvent's source is a string.");
                    break;
                case "time":
                    time = reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out _)
                        ? true : throw new JsonException("A CloudEvent's time is an RFC 3339 timestamp.");
                    break;
                case "specversion" or "subject" or "datacontenttype" or "traceparent" or "tracestate":
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        throw new JsonException($"A CloudEvent's {name} is a string.");
                    }

                    break;
                case "data":
                    data = true;
                    if (type is null)
                    {
                        early = JsonElement.ParseValue(ref reader);
                    }
                    else if (dataType is not null)
                    {
                        integrationEvent = (IntegrationEvent?)JsonSerializer.Deserialize(ref reader, dataType, Json);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (id is null || type is null || !source || !time || !data)
        {
            throw new JsonException("A CloudEvent has an id, a source, a type, a time and its data.");
        }

        if (early is { } element && dataType is not null)
        {
            integrationEvent = (IntegrationEvent?)element.Deserialize(dataType, Json);
        }

        return new ReadEvent(id, type, dataType is null ? null : integrationEvent ?? throw new JsonException($"Event {id} has no data."));
    }

    /// <summary>The attribute a property names, matched without regard to case as the records' reading did.</summary>
    private static string? Attribute(ref Utf8JsonReader reader)
    {
        foreach (var known in KnownAttributes)
        {
            if (reader.ValueTextEquals(known.Utf8))
            {
                return known.Name;
            }
        }

        var name = reader.GetString();
        return KnownAttributes.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)).Name;
    }

    private static readonly (string Name, byte[] Utf8)[] KnownAttributes =
        [.. ((string[])["id", "type", "source", "time", "data", "specversion", "subject", "datacontenttype", "traceparent", "tracestate"])
            .Select(name => (name, Encoding.UTF8.GetBytes(name)))];

    /// <summary>An event of a batch: its id and type, and its data when the reader takes events of that type.</summary>
    public readonly record struct ReadEvent(string Id, string Type, IntegrationEvent? Event);

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>An envelope written by <see cref="Write"/>: its JSON text and the attributes an outbox row keeps beside it.</summary>
    public readonly record struct Written(string Id, string Type, string? Subject, string? TraceParent, string Json);
}
