using System.Collections.Concurrent;
using System.Text.Json;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging;

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
        var topics = app.Services.GetServices<EventSubscription>().Select(s => s.Topic).Distinct();
        Delegate deliver = DeliverAsync<TContext>;
        foreach (var topic in topics)
        {
            // Reached by the sidecar or the relay on the internal network, never through the gateway.
            app.MapPost($"/events/{topic}", deliver)
                .WithTopic(pubSub, topic)
                .AllowAnonymous()
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> DeliverAsync<TContext>(HttpContext http, TContext db, MessagingMetrics metrics, TimeProvider time)
        where TContext : DbContext
    {
        var id = http.Request.Headers["Cloudevent.id"].ToString();
        var type = http.Request.Headers["Cloudevent.type"].ToString();
        if (id.Length == 0 || type.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "A CloudEvent (application/cloudevents+json) with an id and a type is expected.");
        }

        var subscribed = http.RequestServices.GetServices<EventSubscription>().Any(s => s.CloudEventType == type);
        if (!subscribed || !EventTypes.TryGet(type, out var eventType))
        {
            // Another service's business on a shared topic: acknowledged, nothing to do.
            return TypedResults.Ok();
        }

        var integrationEvent = (IntegrationEvent?)await JsonSerializer.DeserializeAsync(http.Request.Body, eventType, CloudEvent.Json, http.RequestAborted)
            ?? throw new JsonException($"Event {id} has no data.");

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        if (await db.Set<InboxMessage>().AnyAsync(m => m.EventId == id, http.RequestAborted))
        {
            metrics.Duplicate(type);
            return TypedResults.Ok();
        }

        await Invoker(eventType)(http.RequestServices, integrationEvent, http.RequestAborted);
        db.Set<InboxMessage>().Add(new InboxMessage { EventId = id, Type = type, HandledAt = time.GetUtcNow() });
        await db.SaveChangesAsync(http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        metrics.Handled(type);
        return TypedResults.Ok();
    }

    private static Func<IServiceProvider, IntegrationEvent, CancellationToken, Task> Invoker(Type eventType) =>
        Invokers.GetOrAdd(eventType, static t => (Func<IServiceProvider, IntegrationEvent, CancellationToken, Task>)
            typeof(SubscriptionExtensions).GetMethod(nameof(InvokeAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(t)
                .CreateDelegate(typeof(Func<IServiceProvider, IntegrationEvent, CancellationToken, Task>)));

    private static Task InvokeAsync<TEvent>(IServiceProvider services, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent =>
        services.GetRequiredService<IIntegrationEventHandler<TEvent>>().HandleAsync((TEvent)integrationEvent, cancellationToken);
}
