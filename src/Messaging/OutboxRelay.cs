using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tthc.Database;

namespace Tthc.Messaging;

/// <summary>
/// Sends a service's outbox: pending rows in creation order, woken right after a commit (polling only as a fallback),
/// in requests of up to <see cref="MessagingOptions.MaxEventsPerRequest"/> events, retrying failures with
/// exponential backoff and jitter, parking a row as dead-lettered after the configured number of attempts — or at once
/// when, sent alone, it is turned down as it is (<see cref="DeliveryFailures.AreRejections"/>). A row
/// that failed once is retried alone, so one bad event cannot hold its neighbours hostage; a row waiting for its
/// retry holds back the later rows of its subject (dossier), which therefore always arrive in order. With replicas
/// (PostgreSQL) one relays at a time (<see cref="Leadership"/>): each row is sent once, and in order.
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

    /// <summary>How soon a replica looks again while another one relays.</summary>
    private static readonly TimeSpan WhileAnotherRelays = TimeSpan.FromMilliseconds(200);

    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var pass = Pass.Idle;
            try
            {
                pass = await RelayPassAsync(stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be briefly locked or gone; nothing is lost, the rows stay pending.
                logger.LogWarning(ex, "Outbox relay pass failed; retrying");
            }

            if (pass == Pass.Busy)
            {
                // Not woken by this replica's commits: the replica relaying sends them too.
                await Task.Delay(WhileAnotherRelays, time, stoppingToken);
            }
            else if (pass == Pass.Idle)
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>One pass over the pending rows; true when it delivered a full batch, so there may be more.</summary>
    public async Task<bool> RelayOnceAsync(CancellationToken cancellationToken) => await RelayPassAsync(cancellationToken) == Pass.More;

    private enum Pass
    {
        /// <summary>Nothing more to send now.</summary>
        Idle,

        /// <summary>A full batch went: there may be more.</summary>
        More,

        /// <summary>Another replica is relaying.</summary>
        Busy,
    }

    private async Task<Pass> RelayPassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var lead = await db.TryLeadAsync($"outbox:{typeof(TContext).Name}", cancellationToken);
        if (lead is null)
        {
            return Pass.Busy;
        }

        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Sequence)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return Pass.Idle;
        }

        var now = time.GetUtcNow();
        var held = new HashSet<string>(StringComparer.Ordinal);
        var sent = new List<long>(rows.Count);
        var failed = new List<OutboxMessage>();
        foreach (var request in Requests(rows, now, held, settings.MaxEventsPerRequest))
        {
            // A subject held back by an earlier failure in this pass waits for the next one.
            if (request.Any(m => held.Contains(SubjectOf(m))))
            {
                held.UnionWith(request.Select(SubjectOf));
                continue;
            }

            if (await TrySendAsync(request, cancellationToken))
            {
                sent.AddRange(request.Select(m => m.Sequence));
            }
            else
            {
                held.UnionWith(request.Select(SubjectOf));
                failed.AddRange(request);
            }
        }

        // Whatever happened to each row is kept, even when stopping: a send that succeeded must not be repeated.
        // Sent rows are marked by one statement (the common case, and the relay's main cost when done row by row).
        using (await db.WriteTurnAsync(CancellationToken.None))
        {
            if (sent.Count > 0)
            {
                var sentAt = time.GetUtcNow();
                await db.Set<OutboxMessage>().Where(m => EF.Parameter(sent).Contains(m.Sequence)).ExecuteUpdateAsync(
                    update => update
                        .SetProperty(m => m.Status, OutboxStatus.Sent)
                        .SetProperty(m => m.SentAt, sentAt)
                        .SetProperty(m => m.LastError, (string?)null),
                    CancellationToken.None);
            }

            if (failed.Count > 0)
            {
                db.UpdateRange(failed);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }

        await lead.CompleteAsync(CancellationToken.None);
        return sent.Count == settings.BatchSize ? Pass.More : Pass.Idle;
    }

    private static string SubjectOf(OutboxMessage message) => message.Subject ?? message.EventId;

    /// <summary>The due rows in order, cut into requests: fresh rows together, rows that failed before alone.</summary>
    private static IEnumerable<List<OutboxMessage>> Requests(List<OutboxMessage> rows, DateTimeOffset now, HashSet<string> held, int maxPerRequest)
    {
        var request = new List<OutboxMessage>();
        foreach (var message in rows)
        {
            if (held.Contains(SubjectOf(message)))
            {
                continue;
            }

            if (message.NextAttemptAt > now)
            {
                held.Add(SubjectOf(message));
                continue;
            }

            if (message.Attempts > 0 || request.Count == maxPerRequest)
            {
                if (request.Count > 0)
                {
                    yield return request;
                    request = [];
                }

                if (message.Attempts > 0)
                {
                    yield return [message];
                    continue;
                }
            }

            request.Add(message);
        }

        if (request.Count > 0)
        {
            yield return request;
        }
    }

    private async Task<bool> TrySendAsync(List<OutboxMessage> request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ActivityContext.TryParse(request[0].TraceParent, null, out var parent);
        var links = request.Skip(1)
            .Select(m => ActivityContext.TryParse(m.TraceParent, null, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default)
            .ToList();
        using var activity = MessagingMetrics.ActivitySource.StartActivity(ActivityKind.Producer, parent, links: links, name: $"{request[0].Topic} publish");
        activity?.SetTag("messaging.system", settings.Transport);
        activity?.SetTag("messaging.destination.name", request[0].Topic);
        activity?.SetTag("messaging.batch.message_count", request.Count);
        activity?.SetTag("messaging.message.id", request[0].EventId);
        try
        {
            await transport.SendAsync(request, cancellationToken);
            var sentAt = time.GetUtcNow();
            foreach (var message in request)
            {
                metrics.Sent(message.Topic, sentAt - message.CreatedAt);
            }

            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            // An event turned down alone is parked at once: its own bytes are at fault, and another try sends the same.
            // In a request with others it is tried again alone, like any failure.
            var rejected = request.Count == 1 && DeliveryFailures.AreRejections(ex);
            foreach (var message in request)
            {
                Failed(message, ex, settings, rejected);
            }

            return false;
        }
    }

    private void Failed(OutboxMessage message, Exception error, MessagingOptions settings, bool rejected)
    {
        message.Attempts++;
        message.LastError = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
        if (rejected || message.Attempts >= settings.MaxAttempts)
        {
            message.Status = OutboxStatus.DeadLettered;
            metrics.DeadLettered(message.Topic);
            logger.LogError("Event {EventId} ({Type}) dead-lettered after {Attempts} attempts{Rejected}: {Error}",
                message.EventId, message.Type, message.Attempts, rejected ? ", turned down as it is" : "", message.LastError);
        }
        else
        {
            message.NextAttemptAt = time.GetUtcNow() + RetryDelay(message.Attempts);
            metrics.Failed(message.Topic);
            logger.LogWarning("Event {EventId} ({Type}) attempt {Attempts} failed, retrying at {NextAttemptAt}: {Error}",
                message.EventId, message.Type, message.Attempts, message.NextAttemptAt, message.LastError);
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

    internal async Task PruneAsync(CancellationToken cancellationToken)
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
