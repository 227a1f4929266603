using Microsoft.EntityFrameworkCore;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The one way a fact changes: take back its old contributions to the day and month counters, apply the change, add
/// the new ones, and log the change for <c>StreamFacts</c>. A change that changes nothing (a redelivery, a replay of
/// what is known) writes nothing.
/// </summary>
public static class FactLedger
{
    public static async Task ChangeAsync(ReportingDbContext db, string caseCode, Action<DossierFact> change, CancellationToken cancellationToken)
    {
        var fact = await db.Facts.FindAsync([caseCode], cancellationToken);
        if (fact is null)
        {
            fact = new DossierFact { CaseCode = caseCode };
            db.Facts.Add(fact);
        }

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
            if (delta == 0)
            {
                continue;
            }

            (await DayAsync(db, unit, day, cancellationToken)).Add(column, delta);
            (await MonthAsync(db, unit, new DateOnly(day.Year, day.Month, 1), cancellationToken)).Add(column, delta);
            (await YearAsync(db, unit, day.Year, cancellationToken)).Add(column, delta);
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

        db.FactChanges.Add(new FactChange { CaseCode = caseCode });
    }

    private static async Task<UnitDayCounter> DayAsync(ReportingDbContext db, string unit, DateOnly day, CancellationToken cancellationToken)
    {
        // FindAsync sees counters added earlier in the same batch, not yet saved.
        var counter = await db.UnitDayCounters.FindAsync([unit, day], cancellationToken);
        if (counter is null)
        {
            counter = new UnitDayCounter { UnitCode = unit, Day = day };
            db.UnitDayCounters.Add(counter);
        }

        return counter;
    }

    private static async Task<UnitYearCounter> YearAsync(ReportingDbContext db, string unit, int year, CancellationToken cancellationToken)
    {
        var counter = await db.UnitYearCounters.FindAsync([unit, year], cancellationToken);
        if (counter is null)
        {
            counter = new UnitYearCounter { UnitCode = unit, Year = year };
            db.UnitYearCounters.Add(counter);
        }

        return counter;
    }

    private static async Task<UnitMonthCounter> MonthAsync(ReportingDbContext db, string unit, DateOnly month, CancellationToken cancellationToken)
    {
        var counter = await db.UnitMonthCounters.FindAsync([unit, month], cancellationToken);
        if (counter is null)
        {
            counter = new UnitMonthCounter { UnitCode = unit, Month = month };
            db.UnitMonthCounters.Add(counter);
        }

        return counter;
    }
}
