using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tthc.Messaging;

/// <summary>
/// Sends a service's outbox: pending rows in creation order, woken right after a commit (polling only as a fallback),
/// retrying failures with exponential backoff and jitter, parking a row as dead-lettered after the configured number
/// of attempts. Rows of different subjects go out in parallel; one subject's rows go strictly in order, and a row
/// waiting for a retry holds back the later rows of its subject.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    IEventTransport transport,
    IOptions<MessagingOptions> options,
    MessagingMetrics metrics,
    TimeProvider time,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : DbContext
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RelayOnceAsync(stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly locked or gone; nothing is lost, the rows stay pending.
                logger.LogWarning(ex, "Outbox relay pass failed; retrying");
            }

            if (!more)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>One pass over the pending rows; true when it delivered a full batch, so there may be more.</summary>
    public async Task<bool> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Sequence)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var sent = 0;
        var bySubject = rows.GroupBy(m => m.Subject ?? m.EventId);
        await Parallel.ForEachAsync(bySubject, new ParallelOptions
        {
            MaxDegreeOfParallelism = settings.MaxParallelSends,
            CancellationToken = cancellationToken,
        }, async (subject, ct) =>
        {
            foreach (var message in subject)
            {
                if (message.NextAttemptAt > now || !await TrySendAsync(message, ct))
                {
                    break;
                }

                Interlocked.Increment(ref sent);
            }
        });

        // Whatever happened to each row is kept, even when stopping: a send that succeeded must not be repeated.
        await db.SaveChangesAsync(CancellationToken.None);
        return sent == settings.BatchSize;
    }

    private async Task<bool> TrySendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity($"{message.Topic} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", settings.Transport);
        activity?.SetTag("messaging.destination.name", message.Topic);
        activity?.SetTag("messaging.message.id", message.EventId);
        activity?.SetTag("cloudevents.event_type", message.Type);
        try
        {
            await transport.SendAsync(message, cancellationToken);
            message.Status = OutboxStatus.Sent;
            message.SentAt = time.GetUtcNow();
            message.LastError = null;
            metrics.Sent(message.Topic, message.SentAt.Value - message.CreatedAt);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            message.Attempts++;
            message.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            if (message.Attempts >= settings.MaxAttempts)
            {
                message.Status = OutboxStatus.DeadLettered;
                metrics.DeadLettered(message.Topic);
                logger.LogError("Event {EventId} ({Type}) dead-lettered after {Attempts} attempts: {Error}",
                    message.EventId, message.Type, message.Attempts, message.LastError);
            }
            else
            {
                message.NextAttemptAt = time.GetUtcNow() + RetryDelay(message.Attempts);
                metrics.Failed(message.Topic);
                logger.LogWarning("Event {EventId} ({Type}) attempt {Attempts} failed, retrying at {NextAttemptAt}: {Error}",
                    message.EventId, message.Type, message.Attempts, message.NextAttemptAt, message.LastError);
            }

            return false;
        }
    }

    /// <summary>Exponential from the first delay, capped, with jitter (50–100 %) so retries of many rows spread out.</summary>
    internal TimeSpan RetryDelay(int attempts)
    {
        var settings = options.Value;
        var exponential = settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastPrune < PruneEvery)
        {
            return;
        }

        _lastPrune = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var before = now - options.Value.Retention;
        var pruned = await db.Set<OutboxMessage>()
            .Where(m => m.Status == OutboxStatus.Sent && m.SentAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            logger.LogInformation("Pruned {Count} sent outbox rows older than {Retention}", pruned, options.Value.Retention);
        }
    }
}
