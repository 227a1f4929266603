using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tthc.Database;

/// <summary>
/// A background task's exclusive turn across the replicas of a service: the outbox relay (which must send each row
/// once, in order per dossier) and the deadline watch (one warning per dossier and appointment) run on one replica at a
/// time. On PostgreSQL the turn is a transaction holding an advisory lock named after the task
/// (<c>pg_try_advisory_xact_lock</c>), released by its commit or by the connection's end, so a replica that dies
/// mid-turn frees it; the task's writes belong to that transaction. On SQLite, whose database one process owns, the
/// turn is always granted and opens no transaction.
/// </summary>
public static class Leadership
{
    /// <summary>The turn named <paramref name="task"/>, or null while another replica holds it.</summary>
    public static async Task<Lead?> TryLeadAsync(this DbContext db, string task, CancellationToken cancellationToken)
    {
        if (!db.Database.IsPostgres())
        {
            return new Lead(null);
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var key = KeyOf(task);
            var held = (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({key}) AS \"Value\"").ToListAsync(cancellationToken)).Single();
            if (held)
            {
                return new Lead(transaction);
            }
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }

        await transaction.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Locks things by name until the current transaction ends, so that writers on any replica that touch the same
    /// thing (a dossier's read model, the whole read model during a rebuild) take turns: <paramref name="shared"/> locks
    /// exclude only an exclusive one. Taken in one order (by key), so two writers never wait on each other in a circle.
    /// On SQLite, whose writers already take turns (<see cref="WriteTurns"/>), nothing is locked.
    /// </summary>
    public static async Task LockAsync(this DbContext db, IEnumerable<string> names, bool shared, CancellationToken cancellationToken)
    {
        if (!db.Database.IsPostgres())
        {
            return;
        }

        var keys = names.Select(KeyOf).Distinct().Order().ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        // unnest keeps the array's order, so the locks are taken in key order.
        _ = shared
            ? await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared(k) FROM unnest({keys}) AS k", cancellationToken)
            : await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(k) FROM unnest({keys}) AS k", cancellationToken);
    }

    /// <summary>A stable 64-bit lock key for a task's name (the first eight bytes of its SHA-256).</summary>
    internal static long KeyOf(string task) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("tthc:" + task)));

    /// <summary>A held turn: <see cref="CompleteAsync"/> keeps its writes; disposed without it, they are undone.</summary>
    public sealed class Lead(IDbContextTransaction? transaction) : IAsyncDisposable
    {
        public Task CompleteAsync(CancellationToken cancellationToken) => transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

        public ValueTask DisposeAsync() => transaction?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
