using Microsoft.EntityFrameworkCore;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Notifications.Data;

/// <summary>
/// Loads the recipients of a delivered batch in one query before its handlers run, and remembers which codes it asked
/// about: a handler then finds a recipient, or knows there is none, without a query of its own per event.
/// </summary>
public sealed class RecipientBatch(NotificationsDbContext db) : IIntegrationEventBatchPreparer
{
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    /// <summary>Whether the batch's query asked about <paramref name="about"/> (so that, not tracked, it does not exist).</summary>
    public bool Asked(string about) => _asked.Contains(about);

    public async Task PrepareAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        var abouts = events.Select(e => e.Subject).Distinct().ToList();
        await db.Recipients.Where(r => abouts.Contains(r.About)).LoadAsync(cancellationToken);
        _asked.UnionWith(abouts);
    }
}
