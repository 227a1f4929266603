using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tthc.System.Tests;

/// <summary>
/// What must hold whatever the database and however many replicas (CI runs these on SQLite and on PostgreSQL with two
/// replicas of each service): numbers without gaps or repeats under concurrent intake, one apology per overdue dossier.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class ScaleOutTests(TthcApp tthc)
{
    [Fact]
    public async Task Two_hundred_concurrent_intakes_for_one_unit_are_numbered_1_to_200_without_gap_or_repeat()
    {
        const string unit = "000.00.05.H15"; // only this test receives dossiers there
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var officer = await tthc.GatewayAsAsync("officer", unit);
        var codes = new global::System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 200, CancellationToken = timeout.Token },
            async (i, ct) =>
            {
                var response = await officer.PostAsJsonAsync("/api/cases", new
                {
                    procedureCode = "2.001610", unitCode = unit, channel = "counter",
                    applicant = new { fullName = $"Doanh nghiệp {i}" }, components = new[] { "giay-de-nghi", "cccd" },
                }, ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!);
            });

        // <unit>-<yyMMdd>-<nnnn>: per day (a run across midnight starts a new series), 1..n, each once.
        Assert.Equal(200, codes.Count);
        foreach (var day in codes.GroupBy(c => c.Split('-')[1]))
        {
            var numbers = day.Select(c => int.Parse(c.Split('-')[2], global::System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        }
    }

    [Fact]
    public async Task A_hundred_overdue_dossiers_get_exactly_a_hundred_drafts_one_each()
    {
        const string unit = "000.00.32.H15"; // only this test receives dossiers there
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var province = await tthc.GatewayAsAsync("province");
        var codes = new global::System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token },
            async (i, ct) =>
            {
                // Received two months ago in the old system, never decided: overdue the moment it is imported.
                var response = await province.PostAsJsonAsync("/api/cases/import", new
                {
                    procedureCode = "2.000575", unitCode = unit, channel = "counter",
                    applicant = new { fullName = $"Hộ kinh doanh {i}" }, components = new[] { "giay-de-nghi", "cccd" },
                    receivedAt = DateTimeOffset.UtcNow.AddDays(-60).AddMinutes(i),
                }, ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!);
            });

        var officer = await tthc.GatewayAsAsync("officer", unit);
        List<string> drafted;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            drafted = await ApologiesAsync(officer, unit, timeout.Token);
        }
        while (drafted.Count < 100);

        // Every event delivered at least once, by any replica, must not open a second letter: still a hundred a moment later.
        await Task.Delay(TimeSpan.FromSeconds(5), timeout.Token);
        drafted = await ApologiesAsync(officer, unit, timeout.Token);
        Assert.Equal(codes.Order(StringComparer.Ordinal), drafted.Order(StringComparer.Ordinal));
    }

    /// <summary>The case codes of every apology of the unit, every page, in any state.</summary>
    private static async Task<List<string>> ApologiesAsync(HttpClient officer, string unit, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        string? cursor = null;
        do
        {
            var page = await officer.GetFromJsonAsync<JsonElement>(
                $"/api/apologies?unit={unit}&pageSize=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), cancellationToken);
            codes.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("caseCode").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return codes;
    }
}
