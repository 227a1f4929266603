using System.Diagnostics;
using Microsoft.Extensions.Configuration;
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

    // At 0.001 a second a sampler keeps its first trace and no other for seventeen minutes: counts are exact.
    private static Sampler Configured(params (string Key, string Value)[] settings) =>
        Extensions.CreateTraceSampler(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private static SamplingParameters FromCaller(bool sampled)
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
        return new SamplingParameters(parent, parent.TraceId, "POST /api/cases", ActivityKind.Server);
    }

    private static int KeptFromCallers(Sampler sampler, bool sampled, int calls) =>
        Enumerable.Range(0, calls).Count(_ => sampler.ShouldSample(FromCaller(sampled)).Decision == SamplingDecision.RecordAndSample);

    [Fact]
    public void A_service_keeps_whole_every_trace_its_caller_kept()
    {
        var sampler = Configured(("Telemetry:TracesPerSecond", "0.001"));

        Assert.Equal(1, Kept(sampler, 100));
        Assert.Equal(100, KeptFromCallers(sampler, sampled: true, 100));
        Assert.Equal(0, KeptFromCallers(sampler, sampled: false, 100));
    }

    [Fact]
    public void At_the_edge_callers_traces_have_a_budget_of_their_own()
    {
        var sampler = Configured(("Telemetry:TracesPerSecond", "0.001"), ("Telemetry:Edge", "true"));

        Assert.Equal(1, Kept(sampler, 100)); // new traces use up their budget…
        Assert.Equal(1, KeptFromCallers(sampler, sampled: true, 100)); // …not the callers': a client marking every request gets one
    }

    [Theory]
    [InlineData("Telemetry:TracesPerSecond", "0")]
    [InlineData("Telemetry:TracesPerSecond", "abc")]
    [InlineData("Telemetry:TraceSampleRatio", "1.5")]
    public void A_bad_setting_stops_the_start(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => Configured((key, value)));

    [Fact]
    public void A_ratio_of_nothing_keeps_no_new_trace() =>
        Assert.Equal(0, Kept(Configured(("Telemetry:TraceSampleRatio", "0")), 100));
}
