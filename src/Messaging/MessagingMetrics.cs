using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tthc.Messaging;

/// <summary>Counters an operator watches in the dashboard: what left, what keeps failing, what was parked.</summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Tthc.Messaging";

    /// <summary>Spans of the relay's sends, children of the operation that wrote the event.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _lag;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("tthc.messaging.outbox.sent", "{event}", "Events the relay delivered.");
        _failed = meter.CreateCounter<long>("tthc.messaging.outbox.failed", "{attempt}", "Failed delivery attempts (to be retried).");
        _deadLettered = meter.CreateCounter<long>("tthc.messaging.outbox.dead_lettered", "{event}", "Events parked after failing every attempt.");
        _handled = meter.CreateCounter<long>("tthc.messaging.inbox.handled", "{event}", "Events a subscriber handled.");
        _duplicates = meter.CreateCounter<long>("tthc.messaging.inbox.duplicates", "{event}", "Redelivered events acknowledged without effect.");
        _lag = meter.CreateHistogram<double>("tthc.messaging.outbox.lag", "ms", "From the commit that wrote an event to its delivery.");
    }

    public void Sent(string topic, TimeSpan lag)
    {
        _sent.Add(1, new KeyValuePair<string, object?>("topic", topic));
        _lag.Record(lag.TotalMilliseconds, new KeyValuePair<string, object?>("topic", topic));
    }

    public void Failed(string topic) => _failed.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void DeadLettered(string topic) => _deadLettered.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void Handled(string type) => _handled.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Duplicate(string type) => _duplicates.Add(1, new KeyValuePair<string, object?>("type", type));
}
