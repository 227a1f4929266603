using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;

namespace Tthc.Messaging;

/// <summary>
/// Optional, per subscriber: sees a delivered batch (the events not handled before) before its handlers run, to load in
/// one query what they would otherwise read one by one.
/// </summary>
public interface IIntegrationEventBatchPreparer
{
    Task PrepareAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// Optional, per subscriber: writes what its handlers buffered rather than tracked (rows written in bulk), in the
/// delivery's transaction, after the handlers and before the context's own changes and the inbox records are saved.
/// </summary>
public interface IIntegrationEventBatchWriter
{
    Task WriteAsync(CancellationToken cancellationToken);
}

/// <summary>Handles one kind of integration event; its changes are saved with the inbox record, atomically.</summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IntegrationEvent
{
    /// <summary>Makes the event's effect on the service's DbContext (scoped to the delivery); does not save.</summary>
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>An event type this service subscribes to.</summary>
public sealed record EventSubscription(Type EventType)
{
    public string Topic => EventTypes.TopicOf(EventType);

    public string CloudEventType => IntegrationEvent.TypeOf(EventType);
}

public static class SubscriptionExtensions
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IntegrationEvent, CancellationToken, Task>> Invokers = new();

    /// <summary>Subscribes the service to <typeparamref name="TEvent"/>, handled by <typeparamref name="THandler"/>.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.AddScoped<IIntegrationEventHandler<TEvent>, THandler>();
        services.AddSingleton(new EventSubscription(typeof(TEvent)));
        return services;
    }

    /// <summary>
    /// The Dapr topic endpoints of the service — <c>POST /events/{topic}</c>, declared at <c>GET /dapr/subscribe</c> —
    /// which both transports call with a CloudEvent. Each delivery is handled through the inbox of
    /// <typeparamref name="TContext"/>: a redelivered event is acknowledged without effect, a handler that throws is
    /// not acknowledged (the event comes again).
    /// </summary>
    public static WebApplication MapEventSubscriptions<TContext>(this WebApplication app) where TContext : DbContext
    {
        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        app.MapSubscribeHandler();

        var pubSub = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.PubSubName;
        Delegate deliver = DeliverAsync<TContext>;
        foreach (var topic in app.Services.GetServices<EventSubscription>().GroupBy(s => s.Topic))
        {
            // Reached by the sidecar or the relay on the internal network, never through the gateway. One routing rule
            // per event type taken: the sidecar, and the direct transport alike, bring only those, and drop the
            // topic's other events for this service instead of posting them to be ignored.
            var endpoint = app.MapPost($"/events/{topic.Key}", deliver)
                .AllowAnonymous() // not a person's call: the filter checks the sender instead
                .AddEndpointFilter(OnlyTheTransport)
                .ExcludeFromDescription();
            var priority = 0;
            foreach (var type in topic.Select(s => s.CloudEventType).Distinct().Order(StringComparer.Ordinal))
            {
                endpoint.WithMetadata(new TopicAttribute(pubSub, topic.Key, RoutingRule.Match(type), priority++));
            }
        }

        return app;
    }

    /// <summary>
    /// A delivery is taken only from the transport: the relay's service token (direct) or the sidecar's app API token
    /// (dapr). Anything else — no credential, a person's token, a wrong token — is a 401 with no effect: an event is a
    /// fact another service vouches for, and a forged one (say, "decided early") would cancel an owed apology.
    /// </summary>
    private static async ValueTask<object?> OnlyTheTransport(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<MessagingOptions>>().Value;
        var trusted = string.Equals(options.Transport, "dapr", StringComparison.OrdinalIgnoreCase)
            ? (options.AppApiToken ?? Environment.GetEnvironmentVariable("APP_API_TOKEN")) is { Length: > 0 } expected
              && http.Request.Headers["dapr-api-token"].ToString() is var given
              && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            : http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(MessagingOptions.ServiceRole);
        if (trusted && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A trusted batch may exceed the general limit on request bodies (which anonymous senders still meet).
            limit.MaxRequestBodySize = Math.Max(limit.MaxRequestBodySize ?? 0, options.MaxDeliveryBytes);
        }

        return trusted
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, type: "https://tthc.vn/problems/untrusted-event",
                detail: "Chỉ dịch vụ chuyển sự kiện được gửi sự kiện / events are taken only from the event transport (service token or Dapr app API token).");
    }

    private static async Task<IResult> DeliverAsync<TContext>(HttpContext http, TContext db, MessagingMetrics metrics, TimeProvider time)
        where TContext : DbContext
    {
        var subscribed = http.RequestServices.GetServices<EventSubscription>().Select(s => s.CloudEventType).ToHashSet(StringComparer.Ordinal);
        var deliveries = new List<(string Id, string Type, IntegrationEvent Event)>();
        try
        {
            if (http.Request.ContentType?.StartsWith(CloudEvent.BatchMediaType, StringComparison.OrdinalIgnoreCase) == true)
            {
                // Batched mode (the direct transport's): a JSON array of whole CloudEvents, read whole, then in one pass.
                var (body, length) = await ReadBodyAsync(http.Request, http.RequestAborted);
                try
                {
                    var batch = CloudEvent.ReadBatch(body.AsSpan(0, length),
                        type => subscribed.Contains(type) && EventTypes.TryGet(type, out var eventType) ? eventType : null);
                    foreach (var read in batch)
                    {
                        if (read.Event is { } integrationEvent)
                        {
                            deliveries.Add((read.Id, read.Type, integrationEvent));
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(body);
                }
            }
            else
            {
                // Structured mode, unwrapped by UseCloudEvents: the data is the body, the attributes are headers.
                var id = http.Request.Headers["Cloudevent.id"].ToString();
                var type = http.Request.Headers["Cloudevent.type"].ToString();
                if (id.Length == 0 || type.Length == 0)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                        detail: "A CloudEvent (application/cloudevents+json or application/cloudevents-batch+json) with an id and a type is expected.");
                }

                if (subscribed.Contains(type) && EventTypes.TryGet(type, out var eventType))
                {
                    var integrationEvent = (IntegrationEvent?)await JsonSerializer.DeserializeAsync(http.Request.Body, eventType, CloudEvent.Json, http.RequestAborted)
                        ?? throw new JsonException($"Event {id} has no data.");
                    deliveries.Add((id, type, integrationEvent));
                }
            }
        }
        catch (JsonException ex)
        {
            // Not CloudEvents as this service reads them (from the trusted transport, so a publisher's fault): refused, not
            // failed, and nothing of the delivery kept.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: "https://tthc.vn/problems/malformed-event",
                detail: $"The delivery is not CloudEvents this service can read: {ex.Message}");
        }

        // Another service's business on a shared topic is acknowledged with nothing to do.
        if (deliveries.Count > 0)
        {
            try
            {
                using (await db.WriteTurnAsync(http.RequestAborted))
                {
                    await HandleAsync(http, db, metrics, time, deliveries);
                }
            }
            catch (Exception ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tthc.Messaging.Subscriptions")
                    .LogWarning(ex, "A delivery of {Count} events hit a unique key (handled elsewhere meanwhile?); answered 409 for a retry", deliveries.Count);
                // Another replica handled one of these events (or wrote the same row) while this one did: nothing of this
                // delivery was kept. Sent again, it finds the events in the inbox, or applies cleanly.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/delivered-concurrently",
                    detail: "Events of this delivery were being handled at the same time elsewhere; nothing was kept — send it again.");
            }
        }

        return TypedResults.Ok();
    }

    /// <summary>
    /// The request's body in a pooled array, grown as it comes: a delivery is read whole. It starts at the declared
    /// length (up to 1 MiB: a declared length is not yet a body, and Kestrel's limit applies as it is read).
    /// </summary>
    private static async Task<(byte[] Body, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and < 1024 * 1024 ? (int)request.ContentLength.Value + 1 : 1024 * 1024);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(body.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == body.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(body.Length * 2);
                    body.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(body);
                    body = larger;
                }
            }

            return (body, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(body);
            throw;
        }
    }

    /// <summary>
    /// Applies the events not handled before, in order, with their inbox records, in one transaction: all or none.
    /// An exception leaves nothing behind and answers 500, so the events come again.
    /// </summary>
    private static async Task HandleAsync<TContext>(HttpContext http, TContext db, MessagingMetrics metrics, TimeProvider time,
        List<(string Id, string Type, IntegrationEvent Event)> deliveries) where TContext : DbContext
    {
        var ids = deliveries.Select(d => d.Id).Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        // With writers in parallel (PostgreSQL), deliveries about the same dossier take turns, as a rebuild and every
        // delivery do (see Leadership.LockAsync); handlers read what they then change.
        await db.LockAsync([DeliveriesLock], shared: true, http.RequestAborted);
        await db.LockAsync(deliveries.Select(d => "subject:" + d.Event.Subject), shared: false, http.RequestAborted);
        // The ids as one array parameter (SQLite json_each, PostgreSQL = ANY): EF Core 10 otherwise writes one parameter
        // per id, so the statement's text changes with their number and is generated anew at every delivery (≈ 3% of a
        // subscriber's processor time at intake). The same for every look-up by a list on the intake's path.
        var handled = (await db.Set<InboxMessage>().Where(m => EF.Parameter(ids).Contains(m.EventId)).Select(m => m.EventId).ToListAsync(http.RequestAborted))
            .ToHashSet(StringComparer.Ordinal);
        if (deliveries.Count > 1 && http.RequestServices.GetService<IIntegrationEventBatchPreparer>() is { } preparer)
        {
            await preparer.PrepareAsync(deliveries.Where(d => !handled.Contains(d.Id)).Select(d => d.Event).ToList(), http.RequestAborted);
        }

        var inbox = new List<InboxMessage>(deliveries.Count);
        // A handler's look at what the delivery already tracks (DbSet.Local, "added by an earlier event of this batch?")
        // would otherwise detect changes in every tracked entity each time: n² for a batch of n events. SaveChanges,
        // with detection back on, detects them once.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var (id, type, integrationEvent) in deliveries)
            {
                if (!handled.Add(id))
                {
                    metrics.Duplicate(type);
                    continue;
                }

                await Invoker(integrationEvent.GetType())(http.RequestServices, integrationEvent, http.RequestAborted);
                inbox.Add(new InboxMessage { EventId = id, Type = type, HandledAt = time.GetUtcNow() });
                metrics.Handled(type);
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        if (http.RequestServices.GetService<IIntegrationEventBatchWriter>() is { } writer)
        {
            await writer.WriteAsync(http.RequestAborted);
        }

        await db.SaveChangesAsync(http.RequestAborted);
        await PreparedRows.AppendAsync(db, inbox, http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
    }

    /// <summary>
    /// The lock every delivery holds shared, in its transaction: whoever rewrites what deliveries build (a read model's
    /// rebuild) holds it exclusively and so runs alone.
    /// </summary>
    public const string DeliveriesLock = "deliveries";

    private static Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> Invoker(Type eventType) =>
        Invokers.GetOrAdd(eventType, static t => (Func<IServiceProvider, IntegrationEvent, CancellationToken, Task>)
            typeof(SubscriptionExtensions).GetMethod(nameof(InvokeAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(t)
                .CreateDelegate(typeof(Func<IServiceProvider, IntegrationEvent, CancellationToken, Task>)));

    private static Task InvokeAsync<TEvent>(IServiceProvider services, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent =>
        services.GetRequiredService<IIntegrationEventHandler<TEvent>>().HandleAsync((TEvent)integrationEvent, cancellationToken);
}
