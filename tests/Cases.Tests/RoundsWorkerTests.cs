using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tthc.Cases.Tests;

/// <summary>The loop every polling worker shares (Apologies' follow-up, Feedback's watch, the notice dispatcher).</summary>
public sealed class RoundsWorkerTests
{
    [Fact]
    public async Task A_worker_stopped_in_the_middle_of_a_round_ends_quietly_and_the_host_runs_on()
    {
        var worker = new ScriptedWorker(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        });
        using var host = await StartHostAsync(worker);
        await worker.InRound.Task;

        await worker.StopAsync(CancellationToken.None);

        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.False(await StoppedWithinAsync(host));
    }

    [Fact]
    public async Task A_round_cancelled_by_a_timeout_is_tried_again_and_the_host_runs_on()
    {
        var rounds = 0;
        var again = new TaskCompletionSource();
        var worker = new ScriptedWorker(_ =>
        {
            if (++rounds == 1)
            {
                throw new TaskCanceledException("The HTTP request timed out.");
            }

            again.TrySetResult();
            return Task.FromResult(0);
        });
        using var host = await StartHostAsync(worker);
        await worker.InRound.Task;
        worker.Wake();

        await again.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(await StoppedWithinAsync(host));
        await host.StopAsync();
    }

    private static async Task<IHost> StartHostAsync(ScriptedWorker worker)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService(_ => worker);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Whether the host began stopping (as it does when a worker faults) within half a second.</summary>
    private static async Task<bool> StoppedWithinAsync(IHost host)
    {
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), stopping);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private sealed class ScriptedWorker(Func<CancellationToken, Task<int>> round) : RoundsWorker(NullLogger.Instance)
    {
        public TaskCompletionSource InRound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override int BatchSize => 10;

        protected override TimeSpan PollInterval => TimeSpan.FromHours(1);

        public override Task<int> RunOnceAsync(CancellationToken cancellationToken)
        {
            InRound.TrySetResult();
            return round(cancellationToken);
        }
    }
}
