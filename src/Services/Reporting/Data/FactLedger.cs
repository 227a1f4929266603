using Microsoft.EntityFrameworkCore;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The one way a fact changes: take back its old contributions to the day, month and year counters, apply the change,
/// add the new ones (buffered, written as upserts at save), and mark the fact changed: at save it is written (one
/// upsert) and logged for <c>StreamFacts</c>, once per save however often it changed. A change that changes nothing (a
/// redelivery, a replay of what is known) writes nothing.
/// </summary>
public static class FactLedger
{
    /// <summary>Loads the facts a batch of events is about, in one query.</summary>
    public static async Task PreloadAsync(ReportingDbContext db, IEnumerable<string> caseCodes, CancellationToken cancellationToken)
    {
        var codes = caseCodes.Where(c => !db.KnownFacts.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var code in codes)
        {
            db.KnownFacts[code] = null;
        }

        foreach (var chunk in codes.Chunk(500))
        {
            foreach (var fact in await db.Facts.AsNoTracking().Where(f => chunk.Contains(f.CaseCode)).ToListAsync(cancellationToken))
            {
                db.KnownFacts[fact.CaseCode] = fact;
            }
        }
    }

    public static async Task ChangeAsync(ReportingDbContext db, string caseCode, Action<DossierFact> change, CancellationToken cancellationToken)
    {
        // A batch's facts were loaded together (FactPreloader): one known absent needs no query to be found absent.
        // Facts are not tracked: the changed ones are written at save, each as one upsert (ReportingDbContext).
        var fact = db.KnownFacts.TryGetValue(caseCode, out var known)
            ? known
            : await db.Facts.AsNoTracking().SingleOrDefaultAsync(f => f.CaseCode == caseCode, cancellationToken);
        fact ??= new DossierFact { CaseCode = caseCode };
        db.KnownFacts[caseCode] = fact;

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
                db.Counters.Add(unit, day, column, delta);
            }
        }

        var afterPair = fact.LateApologyPair();
        if (beforePair is not null || afterPair is not null)
        {
            var stored = await db.LateApologies.FindAsync([caseCode], cancellationToken);
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

        db.ChangedFacts.Add(caseCode);
    }
}
