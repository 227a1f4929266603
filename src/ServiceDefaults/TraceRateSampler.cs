using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps every new trace while they come slower than <c>tracesPerSecond</c>, and that many a second beyond: a person
/// clicking through the app sees each of their requests on the dashboard, while a load of thousands a second costs the
/// processes and the dashboard a bounded share of the machine. Each process counts its own new (root) traces; wrapped in
/// a <see cref="ParentBasedSampler"/>, a trace kept where it starts is kept whole across services.
/// </summary>
public sealed class TraceRateSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

    private readonly TimeProvider time;
    private readonly long interval;
    private readonly long burst;

    // The time from which the next trace may be kept; a quiet spell lets it fall up to one second behind the clock,
    // which is the burst allowed after it.
    private long next;

    /// <summary>The lowest rate taken: one trace in about seventeen minutes.</summary>
    public const double MinimumPerSecond = 0.001;

    public TraceRateSampler(double tracesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tracesPerSecond, MinimumPerSecond);
        this.time = time ?? TimeProvider.System;
        burst = this.time.TimestampFrequency;
        interval = Math.Max(1, (long)(burst / tracesPerSecond));
        next = this.time.GetTimestamp() - burst;
        Description = $"TraceRateSampler{{{tracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var now = time.GetTimestamp();
        while (true)
        {
            var current = Volatile.Read(ref next);
            var start = Math.Max(current, now - burst);
            if (start >= now)
            {
                return Skip;
            }

            if (Interlocked.CompareExchange(ref next, start + interval, current) == current)
            {
                return Keep;
            }
        }
    }
}
