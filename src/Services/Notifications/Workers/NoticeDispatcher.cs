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
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

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
            var abouts = taken.Select(n => n.About).Distinct().ToList();
            var optedOut = (await db.Recipients.Where(r => abouts.Contains(r.About) && r.OptedOutAt != null).Select(r => r.About)
                .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var notice in taken)
            {
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

        var outcomes = new List<(Notice Notice, SendOutcome Outcome)>(taken.Count);
        foreach (var group in taken.GroupBy(n => n.Channel))
        {
            var list = group.ToList();
            var channel = channels.FirstOrDefault(c => c.Name == group.Key);
            var results = channel is null
                ? SendOutcome.All(list.Count, SendOutcome.GiveUp($"Unknown channel '{group.Key}'."))
                : await channel.SendAsync(list, cancellationToken);
            outcomes.AddRange(list.Zip(results));
        }

        // What was sent is recorded even when the service is stopping: it must not be sent twice.
        using (await db.WriteTurnAsync(CancellationToken.None))
        {
            var now = time.GetUtcNow();
            foreach (var (notice, outcome) in outcomes)
            {
                Record(db, events, notice, outcome, now);
            }

            await db.SaveChangesAsync(CancellationToken.None);
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
