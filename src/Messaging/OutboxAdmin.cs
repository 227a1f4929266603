using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Tthc.Database;

namespace Tthc.Messaging;

public static class OutboxAdmin
{
    /// <summary>
    /// <c>{prefix}/admin/outbox</c>: the outbox's state, its dead letters, and re-driving them once the cause is fixed.
    /// Under the service's own API prefix, so the gateway routes it like the rest of the service.
    /// </summary>
    public static RouteGroupBuilder MapOutboxAdmin<TContext>(this IEndpointRouteBuilder app, string prefix, string policy)
        where TContext : DbContext
    {
        var admin = app.MapGroup($"{prefix}/admin/outbox").WithTags("Outbox").RequireAuthorization(policy);
        // Generic handlers are passed as plain delegates: the route analyzer cannot follow generic method groups.
        Delegate state = GetStateAsync<TContext>, list = ListDeadLettersAsync<TContext>, one = RedriveAsync<TContext>, all = RedriveAllAsync<TContext>;
        admin.MapGet("/", state).WithSummary("Pending and dead-lettered counts, and the oldest pending event's age");
        admin.MapGet("/dead-letters", list).WithSummary("Events that failed every attempt");
        admin.MapPost("/dead-letters/{eventId}/redrive", one).WithSummary("Send one dead-lettered event again");
        admin.MapPost("/dead-letters/redrive", all).WithSummary("Send every dead-lettered event again");
        return admin;
    }

    public static async Task<Ok<OutboxState>> GetStateAsync<TContext>(TContext db, TimeProvider time, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        var pending = await outbox.CountAsync(m => m.Status == OutboxStatus.Pending, cancellationToken);
        var deadLettered = await outbox.CountAsync(m => m.Status == OutboxStatus.DeadLettered, cancellationToken);
        var oldest = await OldestPendingAsync(db, cancellationToken);
        return TypedResults.Ok(new OutboxState(pending, deadLettered, oldest is { } at ? time.GetUtcNow() - at : null));
    }

    public static async Task<Ok<List<DeadLetter>>> ListDeadLettersAsync<TContext>(TContext db, CancellationToken cancellationToken)
        where TContext : DbContext =>
        TypedResults.Ok(await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.DeadLettered)
            .OrderBy(m => m.Sequence)
            .Take(1000)
            .Select(m => new DeadLetter(m.EventId, m.Type, m.Topic, m.Subject, m.Attempts, m.LastError, m.CreatedAt))
            .ToListAsync(cancellationToken));

    public static async Task<Results<Accepted, NotFound>> RedriveAsync<TContext>(
        string eventId, TContext db, OutboxSignal signal, TimeProvider time, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var count = await Redrive(db.Set<OutboxMessage>().Where(m => m.EventId == eventId), time, cancellationToken);
        signal.Notify();
        return count == 0 ? TypedResults.NotFound() : TypedResults.Accepted((string?)null);
    }

    public static async Task<Ok<RedriveResult>> RedriveAllAsync<TContext>(
        TContext db, OutboxSignal signal, TimeProvider time, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var count = await Redrive(db.Set<OutboxMessage>(), time, cancellationToken);
        signal.Notify();
        return TypedResults.Ok(new RedriveResult(count));
    }

    private static Task<int> Redrive(IQueryable<OutboxMessage> messages, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return messages
            .Where(m => m.Status == OutboxStatus.DeadLettered)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), cancellationToken);
    }

    internal static async Task<DateTimeOffset?> OldestPendingAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Sequence)
            .Select(m => (DateTimeOffset?)m.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
}

public sealed record OutboxState(int Pending, int DeadLettered, TimeSpan? OldestPendingAge);

public sealed record DeadLetter(string EventId, string Type, string Topic, string? Subject, int Attempts, string? LastError, DateTimeOffset CreatedAt);

public sealed record RedriveResult(int Redriven);

/// <summary>Degraded when the oldest pending event has waited longer than <see cref="MessagingOptions.StuckAfter"/>.</summary>
internal sealed class OutboxHealthCheck<TContext>(TContext db, IOptions<MessagingOptions> options, TimeProvider time, IServiceProvider services) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<SchemaState<TContext>>() is { IsMigrated: false })
        {
            return HealthCheckResult.Unhealthy("The schema is being migrated: there is no outbox yet.");
        }

        var oldest = await OutboxAdmin.OldestPendingAsync(db, cancellationToken);
        var age = oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero;
        return age > options.Value.StuckAfter
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The oldest pending event has waited {age:g}: the relay is stuck or its subscribers are down.")
            : HealthCheckResult.Healthy();
    }
}
