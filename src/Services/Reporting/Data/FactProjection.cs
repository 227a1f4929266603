using Microsoft.EntityFrameworkCore;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The read model's unit of work for one delivery (or one stretch of a rebuild). The one way a fact changes: take back
/// its old contributions to the day, half-month, month and year counters, apply the change, add the new ones (buffered in
/// <see cref="CounterBuffer"/>), and mark the fact changed. <see cref="WriteAsync"/> then writes, in the caller's
/// transaction, each changed fact (one upsert) with one entry in the change log for <c>StreamFacts</c>, and the counter
/// rows (one upsert each), however often they changed. A change that changes nothing (a redelivery, a replay of what is
/// known) writes nothing. Facts are not tracked by EF Core; the late-apology pairs are, and are saved with the context.
/// </summary>
public sealed class FactProjection(ReportingDbContext db) : IIntegrationEventBatchPreparer, IIntegrationEventBatchWriter
{
    /// <summary>The facts loaded or created, by case code; <c>null</c> when a bulk load found none.</summary>
    private readonly Dictionary<string, DossierFact?> _known = new(StringComparer.Ordinal);

    /// <summary>Facts changed since the last write.</summary>
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    private readonly CounterBuffer _counters = new();

    /// <summary>Loads the facts a delivered batch is about, in one query.</summary>
    public Task PrepareAsync(IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        PreloadAsync(events.Select(e => e.Subject), cancellationToken);

    public async Task PreloadAsync(IEnumerable<string> caseCodes, CancellationToken cancellationToken)
    {
        var codes = caseCodes.Where(c => !_known.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var code in codes)
        {
            _known[code] = null;
        }

        foreach (var chunk in codes.Chunk(500))
        {
            foreach (var fact in await db.Facts.AsNoTracking().Where(f => EF.Parameter(chunk).Contains(f.CaseCode)).ToListAsync(cancellationToken))
            {
                _known[fact.CaseCode] = fact;
            }
        }
    }

    public async Task ChangeAsync(string caseCode, Action<DossierFact> change, CancellationToken cancellationToken)
    {
        // A batch's facts were loaded together: one known absent needs no query to be found absent.
        var fact = _known.TryGetValue(caseCode, out var known)
            ? known
            : await db.Facts.AsNoTracking().SingleOrDefaultAsync(f => f.CaseCode == caseCode, cancellationToken);
        fact ??= new DossierFact { CaseCode = caseCode };
        _known[caseCode] = fact;

        var snapshot = fact.Snapshot();
        var before = fact.Contributions().ToList();
        var beforePair = fact.LateApologyPair();
        change(fact);
        if (fact.Snapshot() == snapshot)
        {
            return;
        }

        var net = new Dictionary<(string Unit, DateOnly Day, Column Column), long>();
        foreach (var c in before)
        {
            net[c] = net.GetValueOrDefault(c) - 1;
        }

        foreach (var c in fact.Contributions())
        {
            net[c] = net.GetValueOrDefault(c) + 1;
        }

        foreach (var ((unit, day, column), delta) in net)
        {
            if (delta != 0)
            {
                _counters.Add(unit, day, column, delta);
            }
        }

        var afterPair = fact.LateApologyPair();
        if (beforePair is not null || afterPair is not null)
        {
            var stored = await db.LateApologies.FindAsync([caseCode], cancellationToken);
            if (stored is not null && db.Entry(stored).State == EntityState.Deleted)
            {
                // An earlier event of this batch took the pair away: Find still returns the row, marked for deletion. It is
                // stored until the save, so a pair again is a change of that row, and no pair leaves it to be deleted.
                if (afterPair is null)
                {
                    stored = null;
                }
                else
                {
                    db.Entry(stored).State = EntityState.Modified;
                }
            }

            if (stored is not null && afterPair is null)
            {
                db.LateApologies.Remove(stored);
            }
            else if (stored is null && afterPair is not null)
            {
                db.LateApologies.Add(afterPair);
            }
            else if (stored is not null && afterPair is not null)
            {
                (stored.UnitCode, stored.DecidedOn, stored.ApologyOn) = (afterPair.UnitCode, afterPair.DecidedOn, afterPair.ApologyOn);
            }
        }

        _changed.Add(caseCode);
    }

    /// <summary>Writes the counters and the changed facts, with their change-log entries, in the current transaction.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await _counters.FlushAsync(db, cancellationToken);
        await PreparedRows.UpsertAsync(db, _changed.Select(code => _known[code]!).ToList(), cancellationToken);
        await PreparedRows.AppendAsync(db, _changed.Select(code => new FactChange { CaseCode = code }).ToList(), cancellationToken);

        // After a write, a further change of a fact needs its own entry, after the ones just written.
        _changed.Clear();
    }

    /// <summary>Starts afresh after a save (a rebuild's stretch): no fact remembered.</summary>
    public void Forget()
    {
        _known.Clear();
        _changed.Clear();
    }
}
