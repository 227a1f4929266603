using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Data;

/// <summary>
/// The units and procedures in memory: every intake needs both and the catalogue changes a few times a year. A change
/// through this process's admin API drops the copy at once; another replica's change is seen within
/// <see cref="MaxAge"/>.
/// </summary>
public sealed class CatalogueCache(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private Snapshot? _snapshot;

    public async ValueTask<Procedure?> FindProcedureAsync(string code, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Procedures.GetValueOrDefault(code);

    public async ValueTask<Unit?> FindUnitAsync(string code, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Units.GetValueOrDefault(code);

    /// <summary>Forget the copy: the next reader loads the catalogue again.</summary>
    public void Invalidate() => Volatile.Write(ref _snapshot, null);

    private async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _snapshot) is { } current && time.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current;
        }

        // Concurrent first readers may each load it; they load the same rows, and the last one stays.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var loaded = new Snapshot(
            (await db.Units.AsNoTracking().ToListAsync(cancellationToken)).ToFrozenDictionary(u => u.Code, StringComparer.Ordinal),
            (await db.Procedures.AsNoTracking().ToListAsync(cancellationToken)).ToFrozenDictionary(p => p.Code, StringComparer.Ordinal),
            time.GetUtcNow());
        Volatile.Write(ref _snapshot, loaded);
        return loaded;
    }

    private sealed record Snapshot(FrozenDictionary<string, Unit> Units, FrozenDictionary<string, Procedure> Procedures, DateTimeOffset LoadedAt);
}
