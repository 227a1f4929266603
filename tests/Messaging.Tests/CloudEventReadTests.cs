using System.Text;
using System.Text.Json;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>
/// A subscriber reads a batch in one pass (<see cref="CloudEvent.ReadBatch"/>): the same events, attributes and refusals
/// as reading it as <see cref="CloudEvent"/> records did.
/// </summary>
public sealed class CloudEventReadTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 15, 30, 123, TimeSpan.Zero);

    private static readonly CaseReceived Received = new()
    {
        OccurredAt = At, CaseCode = "000.00.15.H15-261205-0001", UnitCode = "000.00.15.H15", ResponsibleUnitCode = "000.00.15.H15",
        ProcedureCode = "1.009994", Channel = IntakeChannel.Postal, ReceivedAt = At, DueAt = At.AddDays(21),
    };

    private static readonly CaseContactGiven Contact = new()
    {
        OccurredAt = At, CaseCode = "000.00.15.H15-261205-0001", UnitCode = "000.00.15.H15", ApplicantName = "Nguyễn Thị Ánh Tuyết <b>",
        UnitName = "UBND phường Tân Lợi", ProcedureName = "Cấp giấy phép xây dựng", ReceivedAt = At, DueAt = At.AddDays(21),
        Email = "tuyet@example.vn", Phone = null, Notify = ["email"], LookupSecret = "K7Q2-M9PX",
    };

    private static Type? Every(string type) => EventTypes.TryGet(type, out var eventType) ? eventType : null;

    private static List<CloudEvent.ReadEvent> Read(string json, Func<string, Type?>? typeOf = null) =>
        CloudEvent.ReadBatch(Encoding.UTF8.GetBytes(json), typeOf ?? Every);

    private static string Same(IntegrationEvent integrationEvent) => JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), CloudEvent.Json);

    [Fact]
    public void Events_written_by_the_publisher_are_read_back_whole_and_a_type_not_taken_is_skipped()
    {
        var received = CloudEvent.Write(Received, "tthc/cases");
        var contact = CloudEvent.Write(Contact, "tthc/cases");

        var all = Read($"[{received.Json},{contact.Json}]");
        var some = Read($"[{received.Json},{contact.Json}]", type => type == received.Type ? typeof(CaseReceived) : null);

        Assert.Equal([(received.Id, received.Type), (contact.Id, contact.Type)], all.Select(e => (e.Id, e.Type)));
        Assert.Equal([Same(Received), Same(Contact)], all.Select(e => Same(e.Event!)));
        Assert.Equal(Same(Received), Same(some[0].Event!));
        Assert.Null(some[1].Event);
        Assert.Empty(Read("[]"));
    }

    [Fact]
    public void Attribute_names_in_any_case_data_before_its_type_and_unknown_attributes_are_read_as_the_records_were()
    {
        var data = Same(Received);
        var json = $$"""[{"DATA":{{data}},"Id":"e1","extension":{"a":[1,2]},"SOURCE":"x","Time":"2026-12-05T09:15:30Z","TYPE":"{{CloudEvent.Write(Received, "s").Type}}","subject":null}]""";

        var read = Assert.Single(Read(json));

        Assert.Equal("e1", read.Id);
        Assert.Equal(data, Same(read.Event!));
        var records = JsonSerializer.Deserialize<List<CloudEvent>>(json, CloudEvent.Json)!;
        Assert.Equal(records[0].Id, read.Id);
    }

    public static TheoryData<string> Malformed() =>
    [
        "",
        "{}",
        "[1]",
        "[{}]",
        """[{"id":"e1","source":"s","type":"t","time":"2026-12-05T09:15:30Z"}]""",
        """[{"id":7,"source":"s","type":"t","time":"2026-12-05T09:15:30Z","data":{}}]""",
        """[{"id":"e1","source":"s","type":"t","time":"yesterday","data":{}}]""",
        """[{"id":"e1","source":"s","type":"t","time":"2026-12-05T09:15:30Z","data":{},"subject":5}]""",
        """[{"id":"e1","source":"s","type":"t","time":"2026-12-05T09:15:30Z","data":{}}] x""",
        """[{"id":"e1","source":"s","type":"t","time":"2026-12-05T09:15:30Z","data":{}""",
        """[][]""",
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public void What_is_not_a_batch_of_cloud_events_is_refused_as_the_records_refused_it(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json, _ => null));
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<List<CloudEvent>>(json, CloudEvent.Json) ?? throw new JsonException());
    }

    [Fact]
    public void An_event_taken_without_its_data_is_refused()
    {
        var type = CloudEvent.Write(Received, "s").Type;

        Assert.ThrowsAny<JsonException>(() => Read($$"""[{"id":"e1","source":"s","type":"{{type}}","time":"2026-12-05T09:15:30Z","data":null}]"""));
        Assert.ThrowsAny<JsonException>(() => Read($$$"""[{"id":"e1","source":"s","type":"{{{type}}}","time":"2026-12-05T09:15:30Z","data":{"caseCode":"x"}}]"""));
    }
}
