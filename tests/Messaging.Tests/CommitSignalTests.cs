using Tthc.Database;

namespace Tthc.Messaging.Tests;

/// <summary>
/// The wake-after-commit signal of the outbox relay and the checkpointer: a notification ends the wait at once, several
/// fold into one, and a wait that times out — what an idle worker does every poll — throws nothing.
/// </summary>
public sealed class CommitSignalTests
{
    [Fact]
    public async Task A_wait_that_times_out_ends_without_an_exception()
    {
        var signal = new CommitSignal();
        var thrown = 0;
        EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> count = (_, e) =>
        {
            // Only those thrown inside a signal's wait or a channel (the stack is still whole when the handler runs).
            if (e.Exception is OperationCanceledException && new System.Diagnostics.StackTrace().ToString() is var stack
                && (stack.Contains("Tthc.Database.CommitSignal.", StringComparison.Ordinal) || stack.Contains("System.Threading.Channels.", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref thrown);
            }
        };

        // Other test classes run beside this one and their relays wait on signals too (a stop throws once): the count is
        // checked against these 20 waits, each of which threw once when a timeout was an exception.
        AppDomain.CurrentDomain.FirstChanceException += count;
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= count;
        }

        Assert.True(thrown < 20, $"{thrown} cancellations thrown for 20 timed-out waits");
    }

    [Fact]
    public async Task A_notification_ends_the_wait_at_once_and_notifications_fold_into_one()
    {
        var signal = new CommitSignal();
        signal.Notify();
        signal.Notify();
        Assert.True(await signal.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None));

        // The two notifications were one: the next wait times out.
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }

    [Fact]
    public async Task A_timeout_beyond_what_a_semaphore_takes_is_waited_as_long_as_it_can()
    {
        var signal = new CommitSignal();
        var waited = signal.WaitAsync(TimeSpan.FromDays(60), CancellationToken.None);
        signal.Notify();
        Assert.True(await waited);
        Assert.False(await signal.WaitAsync(TimeSpan.FromSeconds(-5), CancellationToken.None));
    }

    [Fact]
    public async Task A_notification_during_the_wait_ends_it()
    {
        var signal = new CommitSignal();
        var waited = signal.WaitAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.False(waited.IsCompleted);
        signal.Notify();
        Assert.Same(waited, await Task.WhenAny(waited, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None)));
        Assert.True(await waited);
    }

    [Fact]
    public async Task Cancelling_the_caller_still_throws()
    {
        var signal = new CommitSignal();
        using var stop = new CancellationTokenSource();
        var waited = signal.WaitAsync(TimeSpan.FromMinutes(5), stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waited);
    }
}
