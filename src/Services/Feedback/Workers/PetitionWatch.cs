using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Database;
using Tthc.Feedback.Data;
using Tthc.Messaging;

namespace Tthc.Feedback.Workers;

/// <summary>
/// Due-soon and overdue detection for petitions, as for dossiers: each petition says when it next has something to
/// tell (<see cref="Domain.Petition.NextCheckAt"/>, indexed), so a round costs what becomes due, not what is open.
/// One replica at a time.
/// </summary>
public sealed class PetitionWatch(IServiceScopeFactory scopes, CalendarsInForce calendars, TimeProvider time, ILogger<PetitionWatch> logger) : RoundsWorker(logger)
{
    protected override int BatchSize => 200;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(5);

    /// <summary>One round over the petitions whose moment has come; returns how many it looked at.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        var events = scope.ServiceProvider.GetRequiredService<EventPublisher>();
        using var turn = await db.WriteTurnAsync(cancellationToken);
        await using var lead = await db.TryLeadAsync("petition-watch", cancellationToken);
        if (lead is null)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var due = await db.Petitions.Where(p => p.NextCheckAt != null && p.NextCheckAt <= now)
            .OrderBy(p => p.NextCheckAt).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var petition in due)
        {
            foreach (var told in petition.Watch(now, calendars.Current))
            {
                events.Publish(db, told);
            }
        }

        if (due.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        await lead.CompleteAsync(cancellationToken);
        return due.Count;
    }
}
