namespace Tthc.Database;

/// <summary>
/// Lets one write transaction at a time into the service's database, in process. SQLite has a single writer: without
/// the gate, concurrent transactions poll for its lock in sleeps of milliseconds and throughput collapses under load;
/// with it they queue and run back to back. (On PostgreSQL it costs one uncontended semaphore.)
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    public readonly struct Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
