namespace Tthc.System.Tests;

/// <summary>Waiting for what the app does in its own time (an event delivered, a mail sent), with a deadline.</summary>
internal static class Eventually
{
    /// <summary>Asks <paramref name="probe"/> every quarter second until it finds something, or fails the test at <paramref name="timeout"/>.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? waitingFor = null) where T : struct
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting{(waitingFor is null ? "" : " for " + waitingFor)}.");
            await Task.Delay(250);
        }
    }

    /// <summary>The same for what is found as an object (a page's text).</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? waitingFor = null) where T : class =>
        (await FoundAsync(async () => await probe() is { } found ? new Found<T>(found) : (Found<T>?)null, timeout, waitingFor)).Value;

    private readonly record struct Found<T>(T Value);
}
