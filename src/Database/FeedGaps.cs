using Microsoft.EntityFrameworkCore;

namespace Tthc.Database;

/// <summary>
/// A change feed's guard against rows that commit out of order. A feed (Cases' dossier history, Reporting's fact
/// changes) is read by store-generated id, past a cursor. On PostgreSQL, with writers in parallel, id 1000 may commit
/// after id 1001: a reader that passed 1001 and moved its cursor would never see 1000. So a reader stops before a gap
/// in the ids until the gap has stood for <see cref="Settle"/> (a transaction still open fills it sooner; one rolled
/// back never will). On SQLite, whose single writer commits in id order, rows are passed on as they are.
/// </summary>
public sealed class FeedGaps(TimeProvider time, TimeSpan settle)
{
    /// <summary>How long a gap is waited for: far longer than any transaction that writes a feed's rows.</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(5);

    private long _gapAfter = -1;
    private DateTimeOffset _seenAt;

    public TimeSpan Settle => settle;

    /// <summary>The guard for a reader of <paramref name="db"/>'s feeds (one per reader: it remembers the gap it waits on).</summary>
    public static FeedGaps For(DbContext db, TimeProvider time) => new(time, db.Database.IsNpgsql() ? DefaultSettle : TimeSpan.Zero);

    /// <summary>
    /// How many of <paramref name="rows"/> (read past <paramref name="cursor"/>, in id order) may be passed on now: all
    /// of them, or those before a gap that has not yet stood for <see cref="Settle"/>.
    /// </summary>
    public int Ready<T>(long cursor, IReadOnlyList<T> rows, Func<T, long> idOf)
    {
        if (settle == TimeSpan.Zero)
        {
            return rows.Count;
        }

        var previous = cursor;
        for (var i = 0; i < rows.Count; i++)
        {
            var id = idOf(rows[i]);
            if (id != previous + 1)
            {
                var now = time.GetUtcNow();
                if (_gapAfter != previous)
                {
                    (_gapAfter, _seenAt) = (previous, now);
                }

                if (now - _seenAt < settle)
                {
                    return i;
                }
            }

            previous = id;
        }

        return rows.Count;
    }
}
