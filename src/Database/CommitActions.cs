using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tthc.Database;

/// <summary>
/// Work that must wait until a context's changes are committed — above all, waking a worker that will read them: woken
/// before the commit, it looks, finds nothing yet, and sleeps until its next poll (a new apology's form facts came a
/// second late that way, a notice's mail two).
/// </summary>
public static class CommitActions
{
    /// <summary>Actions waiting for their context's commit (pooled contexts come back: they go with the commit or the rollback).</summary>
    private static readonly ConditionalWeakTable<DbContext, List<Action>> Pending = new();

    /// <summary>The interceptor that runs them; every context <c>AddServiceDatabase</c> registers has it.</summary>
    public static IInterceptor Interceptor { get; } = new CommitActionsInterceptor();

    /// <summary>
    /// Runs <paramref name="action"/> once <paramref name="db"/>'s work is committed: at the commit of its current (or
    /// next) transaction, or after its next save outside one; never if the transaction is rolled back. An action
    /// already waiting (the same method on the same object) is not added twice. It runs on the committing thread, right
    /// after the commit: a wake-up, quick, that does not throw (the caller would take it for the commit's failure).
    /// </summary>
    public static void AfterCommit(this DbContext db, Action action)
    {
        var actions = Pending.GetValue(db, static _ => []);
        if (!actions.Contains(action))
        {
            actions.Add(action);
        }
    }

    private static void Run(DbContext? context, bool outsideTransactionOnly)
    {
        if (context is null || (outsideTransactionOnly && context.Database.CurrentTransaction is not null)
            || !Pending.TryGetValue(context, out var actions) || !Pending.Remove(context))
        {
            return;
        }

        foreach (var action in actions)
        {
            action();
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null)
        {
            Pending.Remove(context);
        }
    }

    private sealed class CommitActionsInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
    {
        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Run(eventData.Context, outsideTransactionOnly: true);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Run(eventData.Context, outsideTransactionOnly: true);
            return ValueTask.FromResult(result);
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
            Run(eventData.Context, outsideTransactionOnly: false);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Run(eventData.Context, outsideTransactionOnly: false);
            return Task.CompletedTask;
        }

        public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

        public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Forget(eventData.Context);
            return Task.CompletedTask;
        }
    }
}
