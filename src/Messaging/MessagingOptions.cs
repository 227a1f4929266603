namespace Tthc.Messaging;

/// <summary>Configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary><c>direct</c> (default: HTTP to the subscribers, no sidecar) or <c>dapr</c> (the sidecar's pub/sub).</summary>
    public string Transport { get; set; } = "direct";

    /// <summary>The role of the token the direct transport's relay signs its deliveries with (another Tthc service).</summary>
    public const string ServiceRole = "service";

    /// <summary>
    /// Dapr transport: the app API token the sidecar sends as <c>dapr-api-token</c> with every delivery (the sidecar's
    /// <c>APP_API_TOKEN</c>; read from there when this is not set). Without it, the dapr transport accepts no delivery.
    /// </summary>
    public string? AppApiToken { get; set; }

    /// <summary>The Dapr pub/sub component.</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>CloudEvents <c>source</c> of this service's events, e.g. <c>tthc/cases</c>.</summary>
    public string Source { get; set; } = "tthc";

    /// <summary>Direct transport: the services (by service-discovery name) that subscribe to this one's events.</summary>
    public List<string> Subscribers { get; set; } = [];

    /// <summary>Attempts before a message is parked as dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry delay; doubles with every attempt (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the relay looks for work when no commit woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows read per pass.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Events sent together in one request (CloudEvents batched mode); 1 sends them one by one. A whole pass in one
    /// request: a subscriber applies 500 events in one transaction about 40% faster than five requests of 100.
    /// </summary>
    public int MaxEventsPerRequest { get; set; } = 500;

    /// <summary>
    /// The largest delivery a subscriber takes from its transport (a batch of <see cref="MaxEventsPerRequest"/> events
    /// runs to a few hundred kilobytes): above the services' general body limit, and only once the sender is trusted.
    /// </summary>
    public long MaxDeliveryBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Sent rows are deleted after this long.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The service reports Degraded when its oldest pending message is older than this.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);
}
