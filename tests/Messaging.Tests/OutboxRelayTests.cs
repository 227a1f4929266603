using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Tthc.Messaging.Tests;

public sealed class OutboxRelayTests
{
    [Fact]
    public async Task An_event_saved_with_its_change_is_sent_once_as_a_cloud_event()
    {
        await using var harness = new OutboxHarness();
        var received = await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");

        await harness.RelayUntilQuietAsync(3);

        var sent = Assert.Single(harness.Transport.Delivered);
        var envelope = JsonSerializer.Deserialize<CloudEvent>(sent.Envelope, CloudEvent.Json)!;
        Assert.Equal("1.0", envelope.SpecVersion);
        Assert.Equal(received.Id.ToString(), envelope.Id);
        Assert.Equal("vn.tthc.case.received.v1", envelope.Type);
        Assert.Equal("tthc/test", envelope.Source);
        Assert.Equal("000.00.15.H15-260302-0001", envelope.Subject);
        Assert.Equal("cases", sent.Topic);
        Assert.Equal("000.00.15.H15-260302-0001", envelope.Data.GetProperty("caseCode").GetString());
        Assert.Equal(OutboxStatus.Sent, (await harness.OutboxAsync()).Single().Status);
    }

    [Fact]
    public async Task A_rolled_back_transaction_publishes_nothing()
    {
        await using var harness = new OutboxHarness();
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001", commit: false);

        await harness.RelayUntilQuietAsync(3);

        Assert.Empty(await harness.OutboxAsync());
        Assert.Equal(0, harness.Transport.Calls);
    }

    [Fact]
    public async Task A_send_failing_three_times_then_succeeding_is_delivered_once()
    {
        await using var harness = new OutboxHarness(maxAttempts: 5);
        harness.Transport.FailuresLeft = 3;
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");

        await harness.RelayUntilQuietAsync();

        Assert.Single(harness.Transport.Delivered);
        Assert.Equal(4, harness.Transport.Calls);
        var row = (await harness.OutboxAsync()).Single();
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(3, row.Attempts);
    }

    [Fact]
    public async Task A_retry_waits_for_its_backoff()
    {
        await using var harness = new OutboxHarness();
        harness.Transport.FailuresLeft = 1;
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");

        await harness.Relay.RelayOnceAsync(CancellationToken.None);
        await harness.Relay.RelayOnceAsync(CancellationToken.None); // too early: the first retry waits 0.5–1 s
        Assert.Equal(1, harness.Transport.Calls);

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Relay.RelayOnceAsync(CancellationToken.None);
        Assert.Single(harness.Transport.Delivered);
    }

    [Fact]
    public async Task A_send_that_always_fails_is_dead_lettered_counted_and_redriven_once_fixed()
    {
        await using var harness = new OutboxHarness(maxAttempts: 4);
        using var deadLetters = new MetricCollector<long>(harness.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            MessagingMetrics.MeterName, "tthc.messaging.outbox.dead_lettered");
        harness.Transport.Broken = true;
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");

        await harness.RelayUntilQuietAsync();

        var row = (await harness.OutboxAsync()).Single();
        Assert.Equal(OutboxStatus.DeadLettered, row.Status);
        Assert.Equal(4, row.Attempts);
        Assert.Equal(4, harness.Transport.Calls); // parked: no more attempts
        Assert.Equal(1, deadLetters.GetMeasurementSnapshot().EvaluateAsCounter());

        harness.Transport.Broken = false;
        await using (var scope = harness.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var listed = await OutboxAdmin.ListDeadLettersAsync(db, CancellationToken.None);
            Assert.Equal(row.EventId, Assert.Single(listed.Value!).EventId);
            await OutboxAdmin.RedriveAllAsync(db, harness.Services.GetRequiredService<OutboxSignal>(), harness.Time, CancellationToken.None);
        }

        await harness.RelayUntilQuietAsync(2);
        Assert.Single(harness.Transport.Delivered);
        Assert.Equal(OutboxStatus.Sent, (await harness.OutboxAsync()).Single().Status);
    }

    [Fact]
    public async Task An_event_turned_down_as_malformed_is_parked_at_once_and_its_neighbours_go_on()
    {
        await using var harness = new OutboxHarness(maxAttempts: 10);
        harness.Transport.Rejects = m => m.Subject == "000.00.15.H15-260302-0002";
        for (var i = 1; i <= 3; i++)
        {
            await harness.SaveWithEventAsync($"000.00.15.H15-260302-000{i}");
        }

        await harness.RelayUntilQuietAsync(5);

        // The request of three turned down, then each alone: two delivered, the malformed one parked after one try of
        // its own instead of nine more, its error kept for the administrator.
        Assert.Equal(1 + 3, harness.Transport.Calls);
        Assert.Equal(["000.00.15.H15-260302-0001", "000.00.15.H15-260302-0003"], harness.Transport.Delivered.Select(m => m.Subject));
        var parked = Assert.Single(await harness.OutboxAsync(), m => m.Status == OutboxStatus.DeadLettered);
        Assert.Equal(("000.00.15.H15-260302-0002", 2, "subscriber answered 400"), (parked.Subject, parked.Attempts, parked.LastError));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, true)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    [InlineData(null, false)]
    public void Only_an_answer_about_the_events_themselves_is_a_rejection(HttpStatusCode? status, bool rejection)
    {
        Assert.Equal(rejection, DeliveryFailures.AreRejections(new HttpRequestException("answered", null, status)));
    }

    [Fact]
    public void Subscribers_that_failed_otherwise_beside_one_that_turned_the_events_down_get_them_again()
    {
        HttpRequestException Answered(HttpStatusCode status) => new("answered", null, status);

        Assert.True(DeliveryFailures.AreRejections(new AggregateException(Answered(HttpStatusCode.BadRequest), Answered(HttpStatusCode.UnprocessableEntity))));
        Assert.False(DeliveryFailures.AreRejections(new AggregateException(Answered(HttpStatusCode.BadRequest), Answered(HttpStatusCode.ServiceUnavailable))));
        Assert.False(DeliveryFailures.AreRejections(new TaskCanceledException()));
    }

    [Fact]
    public async Task One_subjects_events_keep_their_order_when_the_first_must_be_retried()
    {
        await using var harness = new OutboxHarness();
        harness.Transport.FailuresLeft = 1;
        await harness.SaveWithEventAsync("A");
        await harness.SaveWithEventAsync("A");
        await harness.SaveWithEventAsync("B");

        await harness.RelayUntilQuietAsync(5);

        var delivered = harness.Transport.Delivered.ToList();
        var outbox = await harness.OutboxAsync();
        Assert.Equal(3, delivered.Count);
        var forA = delivered.Where(m => m.Subject == "A").Select(m => m.Sequence).ToList();
        Assert.Equal(outbox.Where(m => m.Subject == "A").Select(m => m.Sequence), forA);
    }

    [Fact]
    public async Task Events_go_out_together_and_after_a_failed_request_one_by_one()
    {
        await using var harness = new OutboxHarness();
        harness.Transport.FailuresLeft = 1;
        for (var i = 1; i <= 3; i++)
        {
            await harness.SaveWithEventAsync($"000.00.15.H15-260302-000{i}");
        }

        await harness.RelayUntilQuietAsync(5);

        Assert.Equal(3, harness.Transport.Delivered.Count);
        Assert.Equal(1 + 3, harness.Transport.Calls); // one request of three that failed, then three alone
        Assert.All(await harness.OutboxAsync(), m => Assert.Equal(1, m.Attempts));
    }

    [Fact]
    public async Task Events_committed_before_a_crash_are_sent_by_the_next_relay()
    {
        await using var harness = new OutboxHarness();
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0002");

        // The process died after the commit: nothing was sent. A relay built afresh finds the rows.
        var relay = ActivatorUtilities.CreateInstance<OutboxRelay<TestDbContext>>(harness.Services);
        await relay.RelayOnceAsync(CancellationToken.None);

        Assert.Equal(2, harness.Transport.Delivered.Count);
    }

    [Fact]
    public async Task Sent_rows_are_pruned_after_the_retention_period_and_the_rest_are_kept()
    {
        await using var harness = new OutboxHarness();
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0001");
        await harness.RelayUntilQuietAsync(1);
        harness.Transport.Broken = true;
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0002");

        harness.Time.Advance(TimeSpan.FromDays(8));
        await harness.Relay.PruneAsync(CancellationToken.None);

        var left = Assert.Single(await harness.OutboxAsync());
        Assert.Equal("000.00.15.H15-260302-0002", left.Subject);
    }

    [Theory]
    [InlineData(1, 500, 1000)]
    [InlineData(3, 2000, 4000)]
    [InlineData(20, 30000, 60000)]
    public async Task Retry_delays_grow_exponentially_with_jitter_up_to_the_cap(int attempts, int minMs, int maxMs)
    {
        await using var harness = new OutboxHarness();
        for (var i = 0; i < 50; i++)
        {
            var delay = harness.Relay.RetryDelay(attempts);
            Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
        }
    }
}
