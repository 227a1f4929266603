using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Data;

/// <summary>
/// The units and procedures in memory: every intake needs both and the catalogue changes a few times a year. A change
/// through this process's admin API drops the copy at once; another replica's change is seen within
/// <see cref="MaxAge"/>.
/// </summary>
public sealed class CatalogueCache(IServiceScopeFactory scopes, CalendarsInForce calendars, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private Snapshot? _snapshot;
    private int _generation;

    public async ValueTask<Procedure?> FindProcedureAsync(string code, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Procedures.GetValueOrDefault(code);

    public async ValueTask<Unit?> FindUnitAsync(string code, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Units.GetValueOrDefault(code);

    public async ValueTask<IReadOnlyDictionary<string, Unit>> UnitsAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Units;

    /// <summary>The working calendar that counts a unit's deadlines (its own week and hours, or those above it).</summary>
    public async ValueTask<WorkingCalendar> CalendarForAsync(string unitCode, CancellationToken cancellationToken) =>
        CalendarFor(calendars, (await GetAsync(cancellationToken)).Units, unitCode);

    /// <summary>A dossier's calendar: its deciding unit's, the one accountable for the deadline.</summary>
    public ValueTask<WorkingCalendar> CalendarForAsync(Dossier dossier, CancellationToken cancellationToken) =>
        CalendarForAsync(dossier.ResponsibleUnitCode ?? dossier.UnitCode, cancellationToken);

    public static WorkingCalendar CalendarFor(CalendarsInForce calendars, IReadOnlyDictionary<string, Unit> units, string unitCode)
    {
        var (hours, restDays) = Unit.WorkWeekOf(units, unitCode);
        return calendars.For(hours, restDays);
    }

    /// <summary>Forget the copy: the next reader loads the catalogue again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        // A copy taken before the last change (even one loading while the change was saved) is never served.
        var generation = Volatile.Read(ref _generation);
        if (Volatile.Read(ref _snapshot) is { } current && current.Generation == generation && time.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current;
        }

        // Concurrent readers may each load it; they load the same rows, and the last one stays.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var loaded = new Snapshot(
            (await db.Units.AsNoTracking().ToListAsync(cancellationToken)).ToFrozenDictionary(u => u.Code, StringComparer.Ordinal),
            (await db.Procedures.AsNoTracking().ToListAsync(cancellationToken)).ToFrozenDictionary(p => p.Code, StringComparer.Ordinal),
            time.GetUtcNow(),
            generation);
        Volatile.Write(ref _snapshot, loaded);
        return loaded;
    }

    private sealed record Snapshot(
        FrozenDictionary<string, Unit> Units, FrozenDictionary<string, Procedure> Procedures, DateTimeOffset LoadedAt, int Generation);
}
