using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace Tthc.Gateway.Tests;

public sealed class TraceRateSamplerTests
{
    private static readonly SamplingParameters NewTrace = new(default, ActivityTraceId.CreateRandom(), "GET /api/cases", ActivityKind.Server);

    private static int Kept(Sampler sampler, int calls) =>
        Enumerable.Range(0, calls).Count(_ => sampler.ShouldSample(NewTrace).Decision == SamplingDecision.RecordAndSample);

    [Fact]
    public void Every_trace_is_kept_while_they_come_slower_than_the_rate()
    {
        var time = new FakeTimeProvider();
        var sampler = new TraceRateSampler(10, time);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, Kept(sampler, 1));
            time.Advance(TimeSpan.FromMilliseconds(150));
        }
    }

    [Fact]
    public void Under_a_load_a_burst_of_one_second_then_the_rate_is_kept()
    {
        var time = new FakeTimeProvider();
        var sampler = new TraceRateSampler(10, time);

        Assert.Equal(10, Kept(sampler, 1_000)); // a quiet start allows one second's worth at once
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, Kept(sampler, 1_000));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(10, Kept(sampler, 1_000)); // a long quiet spell still allows only one second's burst
    }

    [Fact]
    public void A_trace_kept_where_it_started_is_kept_whole()
    {
        var time = new FakeTimeProvider();
        var sampler = new ParentBasedSampler(new TraceRateSampler(1, time));
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var child = new SamplingParameters(sampledParent, sampledParent.TraceId, "POST /api/cases", ActivityKind.Server);

        Assert.Equal(1, Kept(sampler, 100));
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(child).Decision));
    }
}
