using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Messaging.Benchmarks;

/// <summary>
/// One outbox envelope, as intake writes two or three for every dossier: the envelope record serialized (its data
/// written to a <see cref="JsonElement"/> first, as the publisher did until 3 December 2026) against the one-pass
/// writer the publisher uses now.
/// </summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 15, 30, TimeSpan.Zero);

    private readonly IntegrationEvent _received = new CaseReceived
    {
        OccurredAt = At, CaseCode = "000.00.15.H15-261203-0001", UnitCode = "000.00.15.H15", ResponsibleUnitCode = "000.00.15.H15",
        ProcedureCode = "1.009994", Channel = IntakeChannel.Counter, ReceivedAt = At, DueAt = At.AddDays(21),
    };

    private readonly IntegrationEvent _contact = new CaseContactGiven
    {
        OccurredAt = At, CaseCode = "000.00.15.H15-261203-0001", UnitCode = "000.00.15.H15", UnitName = "UBND phường Tân Lợi",
        ApplicantName = "Nguyễn Thị Ánh Tuyết", ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ", Email = "tuyet@example.vn",
        Phone = "0912345678", Notify = ["email", "sms"], LookupSecret = "K7Q2-M9PX", ReceivedAt = At, DueAt = At.AddDays(21),
    };

    [Benchmark(Baseline = true)]
    public int RecordThenText() =>
        JsonSerializer.Serialize(CloudEvent.From(_received, "tthc/cases"), CloudEvent.Json).Length
        + JsonSerializer.Serialize(CloudEvent.From(_contact, "tthc/cases"), CloudEvent.Json).Length;

    [Benchmark]
    public int OnePass() => CloudEvent.Write(_received, "tthc/cases").Json.Length + CloudEvent.Write(_contact, "tthc/cases").Json.Length;
}

/// <summary>An event's id: the runtime's version 7 UUID (a read of <c>/dev/urandom</c> each on Linux) against <see cref="Uuid7"/>.</summary>
[MemoryDiagnoser]
public class EventIdBenchmarks
{
    [Benchmark(Baseline = true)]
    public Guid Runtime() => Guid.CreateVersion7();

    [Benchmark]
    public Guid Buffered() => Uuid7.Create();
}

/// <summary>
/// A subscriber reading a delivery of 50 events (25 dossiers' received and contact events, as intake sends them): the
/// batch read as envelope records and each event's data read again from its <see cref="JsonElement"/>, as subscribers
/// did until 5 December 2026, against <see cref="CloudEvent.ReadBatch"/>'s one pass.
/// </summary>
[MemoryDiagnoser]
public class BatchReadBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 15, 30, TimeSpan.Zero);

    private readonly byte[] _batch = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 25).SelectMany(i => new[]
    {
        CloudEvent.Write(new CaseReceived
        {
            OccurredAt = At, CaseCode = $"000.00.15.H15-261203-{i:D4}", UnitCode = "000.00.15.H15", ResponsibleUnitCode = "000.00.15.H15",
            ProcedureCode = "1.009994", Channel = IntakeChannel.Counter, ReceivedAt = At, DueAt = At.AddDays(21),
        }, "tthc/cases").Json,
        CloudEvent.Write(new CaseContactGiven
        {
            OccurredAt = At, CaseCode = $"000.00.15.H15-261203-{i:D4}", UnitCode = "000.00.15.H15", UnitName = "UBND phường Tân Lợi",
            ApplicantName = "Nguyễn Thị Ánh Tuyết", ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ", Email = "tuyet@example.vn",
            Phone = "0912345678", Notify = ["email", "sms"], LookupSecret = "K7Q2-M9PX", ReceivedAt = At, DueAt = At.AddDays(21),
        }, "tthc/cases").Json,
    })) + "]");

    private static Type? TypeOf(string type) => EventTypes.TryGet(type, out var eventType) ? eventType : null;

    [Benchmark(Baseline = true)]
    public async Task<int> Records()
    {
        var batch = await JsonSerializer.DeserializeAsync<List<CloudEvent>>(new MemoryStream(_batch), CloudEvent.Json) ?? [];
        return batch.Count(e => TypeOf(e.Type) is { } type && e.Data.Deserialize(type, CloudEvent.Json) is not null);
    }

    [Benchmark]
    public int OnePass() => CloudEvent.ReadBatch(_batch, TypeOf).Count(e => e.Event is not null);
}
