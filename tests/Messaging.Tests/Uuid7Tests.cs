using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>Event ids: version 7 UUIDs as the runtime makes them, from buffered random bytes.</summary>
public sealed class Uuid7Tests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 15, 30, 123, TimeSpan.Zero);

    [Fact]
    public void An_id_is_a_version_7_uuid_of_its_millisecond()
    {
        var id = Uuid7.Create(At);
        var runtime = Guid.CreateVersion7(At);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2); // RFC 9562's variant: 10xx
        Assert.Equal(runtime.ToString()[..13], id.ToString()[..13]); // the 48 bits of milliseconds, as the runtime writes them
        Assert.Equal(At.ToUnixTimeMilliseconds(), Convert.ToInt64(id.ToString("N")[..12], 16));
    }

    [Fact]
    public void Ids_sort_by_their_millisecond_as_text()
    {
        var earlier = Uuid7.Create(At);
        var later = Uuid7.Create(At.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Fact]
    public void Ids_of_one_millisecond_differ_across_buffer_refills_and_parallel_loops()
    {
        // 4 loops × 1,000 ids: a thread's buffer holds 102 ids, so each thread that runs one refills it several times.
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                ids.Add(Uuid7.Create(At));
            }
        });

        Assert.Equal(4_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
    }

    [Fact]
    public void A_time_before_1970_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Uuid7.Create(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }

    [Fact]
    public void A_new_event_gets_one_on_first_read_and_keeps_it()
    {
        var received = new CaseReceived
        {
            OccurredAt = At, CaseCode = "000.00.15.H15-261203-0001", UnitCode = "000.00.15.H15", Channel = IntakeChannel.Counter,
            ReceivedAt = At, DueAt = At.AddDays(21),
        };

        Assert.Equal(7, received.Id.Version);
        Assert.Equal(received.Id, received.Id);
    }
}
