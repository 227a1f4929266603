using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>
/// The publisher writes an envelope in one pass (<see cref="CloudEvent.Write"/>); what it writes is the same JSON as the
/// envelope record serialized, which every subscriber and test reads.
/// </summary>
public sealed class CloudEventWriteTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 15, 30, 123, TimeSpan.Zero);

    private static readonly CaseReceived Received = new()
    {
        OccurredAt = At, CaseCode = "000.00.15.H15-261203-0001", UnitCode = "000.00.15.H15", Channel = IntakeChannel.Counter,
        ReceivedAt = At, DueAt = At.AddDays(21),
    };

    public static TheoryData<IntegrationEvent> Events() =>
    [
        Received,
        new CaseSupplementRequested
        {
            OccurredAt = At, CaseCode = "000.00.15.H15-261203-0002", UnitCode = "000.00.15.H15",
            Missing = ["Bản vẽ thiết kế \"mặt bằng\"", "Giấy chứng nhận quyền sử dụng đất <bản sao>", "a\\b\n\t€😀"],
        },
        new CaseContactGiven
        {
            OccurredAt = At, CaseCode = "000.00.15.H15-261203-0003", UnitCode = "000.00.15.H15", ApplicantName = "Nguyễn Thị Ánh Tuyết", UnitName = "UBND phường Tân Lợi",
            ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ", ReceivedAt = At, DueAt = At.AddDays(21),
            Email = "tuyet@bộcôngan.vn", Phone = null, Notify = ["email"], LookupSecret = "K7Q2-M9PX",
        },
        new ApologyIssued
        {
            OccurredAt = At, ApologyId = Guid.Parse("019ae3c1-7d2a-7c00-8a00-0123456789ab"), CaseCode = "000.00.15.H15-261203-0004",
            UnitCode = "000.00.15.H15", Number = "12/PXL", NewAppointmentDate = new DateOnly(2026, 12, 10), IssuedLate = false,
            OriginalDueAt = At.AddDays(-2), Reason = "Chờ ý kiến của Sở Xây dựng & UBND xã", UnitName = "UBND phường Tân Lợi",
        },
        new CaseRated
        {
            OccurredAt = At.ToOffset(TimeSpan.FromHours(7)), CaseCode = "000.00.15.H15-261203-0005", UnitCode = "000.00.15.H15",
            Criteria = [5, 4, 5, 5, 3], Verdict = "satisfied", RatedAt = At, Revision = 2, Channel = "web",
        },
    ];

    [Theory]
    [MemberData(nameof(Events))]
    public void One_pass_writes_the_text_the_envelope_record_serializes_to(IntegrationEvent integrationEvent)
    {
        var written = CloudEvent.Write(integrationEvent, "tthc/cases");
        var record = CloudEvent.From(integrationEvent, "tthc/cases");

        AssertSameJson(JsonSerializer.Serialize(record, CloudEvent.Json), written.Json);
        Assert.Equal((record.Id, record.Type, record.Subject, record.TraceParent), (written.Id, written.Type, written.Subject, written.TraceParent));
        var read = JsonSerializer.Deserialize<CloudEvent>(written.Json, CloudEvent.Json)!.Data.Deserialize(integrationEvent.GetType(), CloudEvent.Json)!;
        Assert.Equal(JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), CloudEvent.Json), JsonSerializer.Serialize(read, read.GetType(), CloudEvent.Json));
    }

    [Fact]
    public void Vietnamese_travels_as_itself_and_markup_and_controls_stay_escaped()
    {
        var json = CloudEvent.Write(new CaseSupplementRequested
        {
            OccurredAt = At, CaseCode = "000.00.15.H15-261203-0002", UnitCode = "000.00.15.H15", Missing = ["Giấy chứng nhận <bản sao>\n"],
        }, "tthc/cases").Json;

        Assert.Contains("Giấy chứng nhận \\u003Cbản sao\\u003E\\n", json);
    }

    [Fact]
    public void The_trace_context_of_the_publishing_operation_travels_with_it()
    {
        using var activity = new Activity("intake").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "tthc=1";
        var integrationEvent = Received;

        var written = CloudEvent.Write(integrationEvent, "tthc/cases");

        Assert.Equal(activity.Id, written.TraceParent);
        AssertSameJson(JsonSerializer.Serialize(CloudEvent.From(integrationEvent, "tthc/cases"), CloudEvent.Json), written.Json);
        Assert.Contains("\"tracestate\":\"tthc=1\"", written.Json);
    }

    [Fact]
    public void A_large_event_is_written_whole_and_the_next_one_is_not_affected()
    {
        var large = new CaseSupplementRequested
        {
            OccurredAt = At, CaseCode = "000.00.15.H15-261203-0006", UnitCode = "000.00.15.H15",
            Missing = Enumerable.Range(0, 2_000).Select(i => $"Giấy tờ số {i}").ToList(),
        };
        var small = Received;

        AssertSameJson(JsonSerializer.Serialize(CloudEvent.From(large, "s"), CloudEvent.Json), CloudEvent.Write(large, "s").Json);
        AssertSameJson(JsonSerializer.Serialize(CloudEvent.From(small, "s"), CloudEvent.Json), CloudEvent.Write(small, "s").Json);
    }

    [Fact]
    public void An_event_that_fails_to_serialize_leaves_the_next_envelope_whole()
    {
        Assert.Throws<InvalidOperationException>(() => CloudEvent.Write(new Unserializable { OccurredAt = At }, "s"));

        AssertSameJson(JsonSerializer.Serialize(CloudEvent.From(Received, "s"), CloudEvent.Json), CloudEvent.Write(Received, "s").Json);
    }

    /// <summary>
    /// The same text, but for one escape: the record's way wrote the data into a <see cref="JsonElement"/> and out again,
    /// which escaped the "+" of the data's times (<c>\u002B</c>); written once, it stays "+".
    /// </summary>
    private static void AssertSameJson(string expected, string actual)
    {
        Assert.Equal(expected.Replace("\\u002B", "+", StringComparison.Ordinal), actual);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)));
    }

    [CloudEventType("vn.tthc.test.unserializable.v1", Topics.Cases)]
    private sealed record Unserializable : IntegrationEvent
    {
        public override string Subject => "000.00.15.H15-261203-0009";

        public string Broken => throw new InvalidOperationException("This property cannot be read.");
    }
}
