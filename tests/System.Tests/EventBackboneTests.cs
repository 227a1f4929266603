using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Tthc.System.Tests;

/// <summary>
/// Events through the running app: Cases' outbox → relay (direct transport) → Reporting's inbox. It stops and restarts
/// a service, so it runs on the rough tests' app, not the one the other classes expect to be whole.
/// </summary>
[Collection(RoughAppCollection.Name)]
public sealed class EventBackboneTests(TthcApp tthc)
{
    private const string Commune = "000.31.02.H15"; // only this test receives dossiers here

    [Fact]
    public async Task A_thousand_events_published_while_the_subscriber_is_stopped_are_all_handled_once_after_it_starts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var officer = await tthc.GatewayAsAsync("officer", Commune);
        var province = await tthc.GatewayAsAsync("province");
        var before = await ReceivedThisYearAsync(province);
        var commands = tthc.App.Services.GetRequiredService<ResourceCommandService>();

        // Every replica of it (one on SQLite, two on PostgreSQL): events then have nowhere to go.
        var replicas = tthc.InstancesOf("reporting");
        foreach (var replica in replicas)
        {
            await StopAsync(commands, replica, timeout.Token);
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token },
            async (i, ct) =>
            {
                var response = await officer.PostAsJsonAsync("/api/cases", new
                {
                    procedureCode = "1.000894",
                    unitCode = Commune,
                    channel = "counter",
                    applicant = new { fullName = $"Người nộp {i}" },
                    components = new[] { "to-khai", "cccd" },
                }, ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            });

        foreach (var replica in replicas)
        {
            var started = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand, timeout.Token);
            Assert.True(started.Success, started.Message);
            await tthc.WaitForInstanceAsync(replica, tthc.IsHealthy, timeout.Token);
        }

        long received;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            received = await ReceivedThisYearAsync(province) - before;
        }
        while (received < 1000);

        // Redeliveries (every send retried after failing) must not count twice: still exactly 1,000 a moment later.
        await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token);
        Assert.Equal(1000, await ReceivedThisYearAsync(province) - before);
        // Nothing left behind or parked (the deadline watch may still be adding due-soon events: they drain too).
        JsonElement outbox;
        do
        {
            outbox = await province.GetFromJsonAsync<JsonElement>("/api/cases/admin/outbox", timeout.Token);
        }
        while (outbox.GetProperty("pending").GetInt32() > 0 && await Delay(timeout.Token));

        Assert.Equal(0, outbox.GetProperty("pending").GetInt32());
        Assert.Equal(0, outbox.GetProperty("deadLettered").GetInt32());
    }

    /// <summary>
    /// Stops a resource and waits until it has exited. On a loaded machine the orchestrator may report a stop as failed
    /// while the process is still shutting down: then the state decides, and the stop is asked again if need be.
    /// </summary>
    private async Task StopAsync(ResourceCommandService commands, string resource, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(45));
            try
            {
                await tthc.WaitForInstanceAsync(resource, instance => tthc.StateOf(instance) is "Exited" or "Finished", wait.Token);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attempt < 3)
            {
            }
        }
    }

    private static async Task<bool> Delay(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        return true;
    }

    private static async Task<long> ReceivedThisYearAsync(HttpClient province)
    {
        var year = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Year;
        var report = await province.GetFromJsonAsync<JsonElement>($"/api/reports/tthc?period=ytd&year={year}&unit={Commune}");
        return report.GetProperty("total").GetProperty("receivedCounter").GetInt64();
    }
}
