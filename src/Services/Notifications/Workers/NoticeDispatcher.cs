using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Notifications.Channels;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Workers;

/// <summary>
/// Sends what is queued: takes a round's due notices (one replica at a time, each leased so a crash sends it again
/// rather than never), sends them by channel outside any transaction, then records each outcome — sent, tried again
/// after a doubling wait, or failed for good (a dead letter) — with its <c>notification.*</c> event.
/// </summary>
public sealed class NoticeDispatcher(
    IServiceScopeFactory scopes, IEnumerable<INoticeChannel> channels, IOptions<NotificationsOptions> options, TimeProvider time,
    IMeterFactory meters, ILogger<NoticeDispatcher> logger) : RoundsWorker(logger)
{
    /// <summary>How long a taken notice is left to its sender before another round may take it again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    /// <summary>How many notices go to a channel at once (one SMTP connection; at most this many provider calls in a row).</summary>
    private const int ChunkSize = 10;

    public const string OptedOut = "Người dân đã từ chối nhận thông báo / the citizen opted out of notices.";

    private readonly Counter<long> _outcomes = meters.Create("Tthc.Notifications")
        .CreateCounter<long>("tthc.notifications.attempts", "{attempt}", "Attempts to send a notice, by channel and outcome (sent, retry, failed).");

    protected override int BatchSize => 100;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(2);

    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var events = scope.ServiceProvider.GetRequiredService<EventPublisher>();
        List<Notice> taken;
        int withheld;
        var dueAt = new Dictionary<Guid, DateTimeOffset>();
        using (await db.WriteTurnAsync(cancellationToken))
        {
            await using var lead = await db.TryLeadAsync("notice-dispatch", cancellationToken);
            if (lead is null)
            {
                return 0;
            }

            var now = time.GetUtcNow();
            taken = await db.Notices.Where(n => n.Status == NoticeStatus.Queued && n.NextAttemptAt != null && n.NextAttemptAt <= now)
                .OrderBy(n => n.NextAttemptAt).Take(BatchSize).ToListAsync(cancellationToken);
            // A citizen who opted out after a notice was queued gets it no more.
            var takenAbouts = taken.Select(n => n.About).Distinct().ToList();
            var optedOut = (await db.Recipients.Where(r => EF.Parameter(takenAbouts).Contains(r.About) && r.OptedOutAt != null).Select(r => r.About)
                .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var notice in taken)
            {
                dueAt[notice.Id] = notice.NextAttemptAt!.Value;
                if (optedOut.Contains(notice.About))
                {
                    notice.Withhold(now, OptedOut);
                    events.Publish(db, Failed(notice, now));
                    continue;
                }

                notice.Lease(now + Lease);
            }

            withheld = taken.RemoveAll(n => n.Status == NoticeStatus.Failed);

            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            await lead.CompleteAsync(cancellationToken);
        }

        if (taken.Count == 0)
        {
            return withheld;
        }

        // The texts as they leave: the dossiers' current secrets in their links.
        var secrets = scope.ServiceProvider.GetRequiredService<SecretBox>();
        var abouts = taken.Select(n => n.About).Distinct().ToList();
        var secretOf = (await db.Recipients.AsNoTracking().Where(r => EF.Parameter(abouts).Contains(r.About) && r.ProtectedSecret != null)
                .Select(r => new { r.About, r.ProtectedSecret }).ToListAsync(CancellationToken.None))
            .ToDictionary(r => r.About, r => secrets.Unprotect(r.ProtectedSecret), StringComparer.Ordinal);
        OutgoingNotice Outgoing(Notice n)
        {
            var query = secretOf.GetValueOrDefault(n.About) is { } secret ? "?secret=" + Uri.EscapeDataString(secret) : "";
            string Fill(string text) => text.Replace(Notice.SecretMark.ToString(), query, StringComparison.Ordinal);
            return new OutgoingNotice(n.Id, n.About, n.Kind, n.Address, Fill(n.Title), Fill(n.Body ?? ""), n.Fields);
        }

        // Sent in small groups, the channels taking turns (a slow provider does not hold up the others), none begun after
        // a third of the lease: a notice is not held past its lease (when another replica would take it and send it
        // again). What is left is given back in its place for the next round. Sending is not cancelled midway (each
        // attempt has its own timeout): what went must be recorded.
        var started = time.GetTimestamp();
        var outcomes = new List<(Notice Notice, SendOutcome? Outcome)>(taken.Count);
        var groups = taken.GroupBy(n => n.Channel).Select(g => (Channel: g.Key, Chunks: g.Chunk(ChunkSize).ToList())).ToList();
        for (var turn = 0; turn < groups.Max(g => g.Chunks.Count); turn++)
        {
            foreach (var (name, chunks) in groups.Where(g => turn < g.Chunks.Count))
            {
                var chunk = chunks[turn];
                if (time.GetElapsedTime(started) > Lease / 3 || cancellationToken.IsCancellationRequested)
                {
                    outcomes.AddRange(chunk.Select(n => (n, (SendOutcome?)null)));
                    continue;
                }

                var channel = channels.FirstOrDefault(c => c.Name == name);
                IReadOnlyList<SendOutcome> results;
                try
                {
                    results = channel is null
                        ? SendOutcome.All(chunk.Length, SendOutcome.GiveUp($"Unknown channel '{name}'."))
                        : await channel.SendAsync(chunk.Select(Outgoing).ToList(), CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The channels answer each notice's failure themselves; this is one before any was sent.
                    Logger.LogWarning(ex, "Sending {Count} notices by {Channel} failed", chunk.Length, name);
                    results = SendOutcome.All(chunk.Length, SendOutcome.TryAgain($"{name}: {ex.Message}"));
                }

                outcomes.AddRange(chunk.Zip(results, (n, r) => (n, (SendOutcome?)r)));
            }
        }

        // What was sent is recorded even when the service is stopping: it must not be sent twice. Each notice's outcome
        // is saved with its event on its own: one changed meanwhile elsewhere (taken by a replica after its lease, sent
        // again by an officer, withheld) keeps that change, and its event here is dropped with it.
        using (await db.WriteTurnAsync(CancellationToken.None))
        {
            foreach (var (notice, outcome) in outcomes)
            {
                if (outcome is null)
                {
                    notice.Lease(dueAt[notice.Id]); // not begun: due again, in its place
                }
                else
                {
                    Record(db, events, notice, outcome, time.GetUtcNow());
                }

                try
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                }
                catch (DbUpdateConcurrencyException)
                {
                    Logger.LogWarning("Notice {Notice} was changed elsewhere while it was sent; its outcome here is not kept", notice.Id);
                    foreach (var added in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList())
                    {
                        added.State = EntityState.Detached;
                    }

                    await db.Entry(notice).ReloadAsync(CancellationToken.None);
                }
            }
        }

        return taken.Count + withheld;
    }

    private void Record(NotificationsDbContext db, EventPublisher events, Notice notice, SendOutcome outcome, DateTimeOffset now)
    {
        var settings = options.Value;
        if (outcome.Sent)
        {
            notice.MarkSent(now, outcome.ProviderMessageId);
            events.Publish(db, new NoticeSent
            {
                OccurredAt = now, NoticeId = notice.Id, About = notice.About, Kind = notice.Kind, Channel = notice.Channel, ApologyId = notice.ApologyId,
            });
            Count(notice.Channel, "sent");
            return;
        }

        var retryAt = outcome.Permanent || notice.Attempts + 1 >= settings.MaxAttempts ? (DateTimeOffset?)null : now + settings.RetryDelay(notice.Attempts + 1);
        notice.AttemptFailed(now, outcome.Error ?? "failed", retryAt);
        if (notice.Status == NoticeStatus.Failed)
        {
            events.Publish(db, Failed(notice, now));
            Count(notice.Channel, "failed");
            Logger.LogWarning("Notice {Notice} ({Kind} by {Channel}) about {About} failed after {Attempts} attempts: {Error}",
                notice.Id, notice.Kind, notice.Channel, notice.About, notice.Attempts, notice.LastError);
        }
        else
        {
            Count(notice.Channel, "retry");
        }
    }

    private void Count(string channel, string outcome) =>
        _outcomes.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public static NoticeFailed Failed(Notice notice, DateTimeOffset at) => new()
    {
        OccurredAt = at, NoticeId = notice.Id, About = notice.About, Kind = notice.Kind, Channel = notice.Channel, ApologyId = notice.ApologyId,
        Error = notice.LastError ?? "failed",
    };
}
