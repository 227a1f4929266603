using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapr.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tthc.Messaging;

/// <summary>
/// Delivers outbox messages, in order, all or none; throws when it could not, so the relay retries them. A batch
/// holds one message or many: the relay sends a message alone once it has failed.
/// </summary>
public interface IEventTransport
{
    Task SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>What a failed delivery says about the events in it.</summary>
public static class DeliveryFailures
{
    /// <summary>
    /// Every subscriber that failed turned the events down as they are — malformed (400), too large (413), of a type
    /// it cannot read (415), not processable (422) — so sending the same bytes again cannot succeed. Anything else (a
    /// subscriber down or busy, a token refused, a route moved) may pass on a later try.
    /// </summary>
    public static bool AreRejections(Exception failure) => failure switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge
            or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity } => true,
        AggregateException { InnerExceptions.Count: > 0 } all => all.InnerExceptions.All(AreRejections),
        _ => false,
    };
}

/// <summary>
/// The scale-out transport: the Dapr sidecar's pub/sub. The envelope is published as
/// <c>application/cloudevents+json</c>, which Dapr forwards unchanged (same id, type, subject, trace context).
/// </summary>
public sealed class DaprTransport(DaprClient dapr, IOptions<MessagingOptions> options) : IEventTransport
{
    public async Task SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        // One publish per event: the broker behind the sidecar (Kafka, RabbitMQ, Redis) does the batching.
        foreach (var message in messages)
        {
            await dapr.PublishByteEventAsync(
                options.Value.PubSubName,
                message.Topic,
                Encoding.UTF8.GetBytes(message.Envelope),
                CloudEvent.MediaType,
                new Dictionary<string, string> { ["cloudevent.id"] = message.EventId, ["cloudevent.type"] = message.Type },
                cancellationToken);
        }
    }
}

/// <summary>
/// The default, sidecar-less transport: posts CloudEvents to the routes the subscribing services declare at
/// <c>GET /dapr/subscribe</c> — the same endpoints Dapr would call — found by service discovery. One event goes in
/// CloudEvents' structured mode (<c>application/cloudevents+json</c>), several in its batched mode
/// (<c>application/cloudevents-batch+json</c>), which the subscriber applies in one transaction.
/// </summary>
public sealed class DirectTransport(IHttpClientFactory httpClients, IOptions<MessagingOptions> options, TimeProvider time, ILogger<DirectTransport> logger)
    : IEventTransport
{
    public const string HttpClientName = "tthc-messaging";

    private static readonly TimeSpan RoutesTimeToLive = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset LoadedAt, IReadOnlyList<Subscription> Routes)> _routes = new();

    public async Task SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        List<Exception>? failures = null;
        foreach (var subscriber in options.Value.Subscribers)
        {
            // One subscriber being down must not hold the others back: each gets its delivery, and the messages are
            // retried (harmlessly, their inboxes drop what they have) until every subscriber has them.
            try
            {
                await SendToAsync(client, subscriber, messages, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException("Some subscribers did not take the events.", failures);
        }
    }

    private async Task SendToAsync(HttpClient client, string subscriber, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var routes = await RoutesAsync(client, subscriber, cancellationToken);

        // Consecutive messages of one topic travel together; the order across topics is kept.
        foreach (var topicRun in Runs(messages))
        {
            foreach (var route in routes.Where(r => r.Topic == topicRun[0].Topic && r.PubSubName == options.Value.PubSubName))
            {
                // As the sidecar would: only the event types the subscriber's rules select.
                var run = route.Types is null ? topicRun : topicRun.Where(m => route.Types.Contains(m.Type)).ToList();
                if (run.Count == 0)
                {
                    continue;
                }

                using var content = new EnvelopeContent(run);
                using var response = await client.PostAsync($"http://{subscriber}/{route.Route.TrimStart('/')}", content, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    // A route that moved (404) is looked up again next time.
                    _routes.TryRemove(subscriber, out _);
                    throw new HttpRequestException(
                        $"{subscriber} answered {(int)response.StatusCode} for {run.Count} event(s) from {run[0].EventId}.", null, response.StatusCode);
                }
            }
        }
    }

    private static IEnumerable<List<OutboxMessage>> Runs(IReadOnlyList<OutboxMessage> messages)
    {
        var run = new List<OutboxMessage>();
        foreach (var message in messages)
        {
            if (run.Count > 0 && run[0].Topic != message.Topic)
            {
                yield return run;
                run = [];
            }

            run.Add(message);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private async Task<IReadOnlyList<Subscription>> RoutesAsync(HttpClient client, string subscriber, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(subscriber, out var cached) && time.GetUtcNow() - cached.LoadedAt < RoutesTimeToLive)
        {
            return cached.Routes;
        }

        var declared = await client.GetFromJsonAsync<List<DeclaredSubscription>>($"http://{subscriber}/dapr/subscribe", CloudEvent.Json, cancellationToken) ?? [];
        var routes = declared.Select(Subscription.From).OfType<Subscription>().ToList();
        logger.LogInformation("{Subscriber} subscribes to {Topics}", subscriber, string.Join(", ", routes.Select(r =>
            $"{r.Topic} at {r.Route}" + (r.Types is null ? "" : $" ({string.Join(", ", r.Types.Order(StringComparer.Ordinal))})"))));
        _routes[subscriber] = (time.GetUtcNow(), routes);
        return routes;
    }

    /// <summary>Where a topic's events go, and which of them (<c>null</c>: all).</summary>
    private sealed record Subscription(string PubSubName, string Topic, string Route, HashSet<string>? Types)
    {
        /// <summary>
        /// Tthc's topic endpoints declare one path, with a rule per event type; a single route (Dapr's v1 answer) or a
        /// default route takes everything. A rule the transport cannot read sends everything too: the subscriber's
        /// inbox ignores what it does not handle.
        /// </summary>
        public static Subscription? From(DeclaredSubscription declared)
        {
            var rules = declared.Routes?.Rules ?? [];
            var route = declared.Route ?? declared.Routes?.Default ?? rules.FirstOrDefault()?.Path ?? "";
            if (route.Length == 0)
            {
                return null;
            }

            var types = rules.Select(r => RoutingRule.TypeOf(r.Match)).ToList();
            var filtered = declared.Route is null && declared.Routes?.Default is null && types.Count > 0 && types.All(t => t is not null)
                && rules.All(r => r.Path == route);
            return new Subscription(declared.PubSubName ?? "", declared.Topic ?? "", route,
                filtered ? types.OfType<string>().ToHashSet(StringComparer.Ordinal) : null);
        }
    }

    // The shape of Dapr's programmatic subscription answer (v1 "route" or v2 "routes").
    private sealed record DeclaredSubscription(string? PubSubName, string? Topic, string? Route, DeclaredRoutes? Routes);

    private sealed record DeclaredRoutes(string? Default, List<DeclaredRule>? Rules);

    private sealed record DeclaredRule(string? Match, string? Path);
}
