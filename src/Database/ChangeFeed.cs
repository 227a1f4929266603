using Microsoft.EntityFrameworkCore;

namespace Tthc.Database;

/// <summary>
/// A change feed read by a client (Cases' dossier history, Reporting's fact changes): rows read by store-generated id
/// past a cursor, in batches, polled for when there are none yet — and guarded against rows that commit out of order. On PostgreSQL, with writers in parallel, id 1000 may commit
/// after id 1001: a reader that passed 1001 and moved its cursor would never see 1000. A row missing below rows already
/// visible can only belong to a transaction in progress when they were read (ids are handed out in order, so a later
/// transaction gets higher ones). So at a gap the reader notes the transactions in progress (a snapshot), passes on
/// only the rows before the gap, and once every one of those transactions has ended (it waits for them, briefly), the
/// next read sees whatever they committed: the gaps left below the rows read then are for good (rolled back) and are
/// passed over. An old gap costs a reader catching up a look at the server per batch, not a wait. On SQLite, whose single writer commits in id order, rows
/// are passed on as they are.
/// </summary>
public sealed class ChangeFeed(DbContext db, TimeProvider time)
{
    /// <summary>How often a live reader looks again when there is nothing new.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The next rows past <paramref name="cursor"/> that may be passed on, as <paramref name="read"/> reads them (a batch
    /// in id order); null when the feed is over: <paramref name="untilNow"/> and nothing more, or the reader hung up.
    /// Live, it waits for rows, and passes a row only once every earlier one is; until now, it passes what is there.
    /// </summary>
    public async Task<List<T>?> NextAsync<T>(
        long cursor, bool untilNow, Func<long, CancellationToken, Task<List<T>>> read, Func<T, long> idOf, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var rows = await read(cursor, cancellationToken);
            if (!untilNow && await ReadyAsync(cursor, rows, idOf, cancellationToken) is var ready && ready < rows.Count)
            {
                rows.RemoveRange(ready, rows.Count - ready);
            }

            if (rows.Count > 0)
            {
                return rows;
            }

            if (ReadAgainAtOnce)
            {
                continue;
            }

            if (untilNow)
            {
                return null;
            }

            try
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null; // the reader hung up: a normal end of a live feed
            }
        }

        return null;
    }

    /// <summary>Ids up to which every gap is known to be for good.</summary>
    private long _settledThrough;

    /// <summary>The transactions in progress after the rows up to <see cref="_pendingThrough"/> were read.</summary>
    private string? _pendingSnapshot;

    private long _pendingThrough;

    /// <summary>
    /// How many of <paramref name="rows"/> (just read past <paramref name="cursor"/>, in id order) may be passed on: all
    /// of them, or those before the first gap not yet known to be for good.
    /// </summary>
    internal async Task<int> ReadyAsync<T>(long cursor, IReadOnlyList<T> rows, Func<T, long> idOf, CancellationToken cancellationToken)
    {
        ReadAgainAtOnce = false;
        if (!db.Database.IsPostgres())
        {
            return rows.Count;
        }

        var previous = cursor;
        for (var i = 0; i < rows.Count; i++)
        {
            var id = idOf(rows[i]);
            if (id != previous + 1 && id > _settledThrough + 1)
            {
                if (previous >= _pendingThrough)
                {
                    _pendingSnapshot = null; // noted for gaps the reader has since seen filled: this one is new
                }

                await WatchGapAsync(idOf(rows[^1]), cancellationToken);
                return i;
            }

            previous = id;
        }

        return rows.Count;
    }

    /// <summary>True when a gap has just been found for good: the caller reads again at once instead of waiting.</summary>
    internal bool ReadAgainAtOnce { get; private set; }

    /// <summary>How long one call waits for the transactions that could fill a gap; the next call waits on.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);

    private async Task WatchGapAsync(long through, CancellationToken cancellationToken)
    {
        ReadAgainAtOnce = false;
        if (_pendingSnapshot is null)
        {
            // Taken after the read: whatever could still fill a gap below these rows is in progress now.
            _pendingSnapshot = (await db.Database.SqlQuery<string>($"SELECT pg_current_snapshot()::text AS \"Value\"").ToListAsync(cancellationToken)).Single();
            _pendingThrough = through;
        }

        // Transactions are short (milliseconds): wait for them here, a little at a time.
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(10);
        while (!await EndedAsync(_pendingSnapshot, cancellationToken))
        {
            if (waited >= LongestWait)
            {
                return;
            }

            await Task.Delay(step, cancellationToken);
            waited += step;
            step = TimeSpan.FromMilliseconds(Math.Min(step.TotalMilliseconds * 2, 200));
        }

        // They ended before this check, so the next read (not the one before it) has all they committed.
        _settledThrough = Math.Max(_settledThrough, _pendingThrough);
        _pendingSnapshot = null;
        ReadAgainAtOnce = true;
    }

    private async Task<bool> EndedAsync(string snapshot, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<bool>($"""
            SELECT NOT EXISTS (
                SELECT 1 FROM pg_snapshot_xip({snapshot}::pg_snapshot) AS x WHERE pg_xact_status(x) = 'in progress'
            ) AS "Value"
            """).ToListAsync(cancellationToken)).Single();
}
