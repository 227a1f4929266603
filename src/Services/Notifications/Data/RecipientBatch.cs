using Microsoft.EntityFrameworkCore;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Data;

/// <summary>
/// The recipients a delivery deals with, by code: those of a delivered batch loaded in one query before its handlers
/// run, those looked up or added since. A handler finds a recipient, or knows there is none, without a query of its own
/// per event, and without scanning the tracked entities: <c>DbSet.Local</c> detects changes in every tracked entity
/// each time it is read, which made a batch of n new dossiers' contacts cost n² comparisons.
/// New recipients and new notices are not tracked: they are written after the handlers, in the delivery's transaction,
/// by one prepared statement each (<see cref="PreparedRows"/>) — EF Core's change tracking and a statement parsed anew
/// per row took a fifth of the service's processor time at intake (a recipient and two notices per dossier). A new
/// recipient is written as the batch's last handler left it (a secret replaced in the same batch included).
/// </summary>
public sealed class RecipientBatch(NotificationsDbContext db) : IIntegrationEventBatchPreparer, IIntegrationEventBatchWriter
{
    private readonly Dictionary<string, Recipient?> _known = new(StringComparer.Ordinal);
    private readonly List<Recipient> _added = [];
    private readonly List<Notice> _queued = [];

    /// <summary>Whether <paramref name="about"/> was asked about already; <paramref name="recipient"/> is null when it has none.</summary>
    public bool TryGet(string about, out Recipient? recipient)
    {
        recipient = null;
        // An event without a code (from a faulty sender) has no recipient: nothing to tell, not a failed delivery.
        return about is null || _known.TryGetValue(about, out recipient);
    }

    /// <summary>What a lookup found (or that it found nothing).</summary>
    public void Remember(string about, Recipient? recipient) => _known[about] = recipient;

    /// <summary>A new recipient: found by the batch's next events, written with the delivery.</summary>
    public void Add(Recipient recipient)
    {
        _known[recipient.About] = recipient;
        _added.Add(recipient);
    }

    /// <summary>A new notice, written with the delivery.</summary>
    public void Add(Notice notice) => _queued.Add(notice);

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await PreparedRows.AppendAsync(db, _added, cancellationToken);
        await PreparedRows.AppendAsync(db, _queued, cancellationToken);
        _added.Clear();
        _queued.Clear();
    }

    public async Task PrepareAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        var abouts = events.Select(e => e.Subject).Where(about => about is not null && !_known.ContainsKey(about)).Distinct().ToList();
        var found = await db.Recipients.Where(r => EF.Parameter(abouts).Contains(r.About)).ToListAsync(cancellationToken);
        foreach (var about in abouts)
        {
            _known[about] = null;
        }

        foreach (var recipient in found)
        {
            _known[recipient.About] = recipient;
        }
    }
}
