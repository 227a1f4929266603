using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Tthc.System.Tests;

/// <summary>
/// A scripted 2025 for three units, imported through the gateway as a province migrates its old system: dossiers
/// early, on time, late with and without an apology, and pending. The reports must say exactly what was scripted, for a
/// calendar month, an official quarter and the year to date, in JSON, CSV and XLSX; a rebuild must not change a figure.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class ReportingYearTests(TthcApp tthc)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>A unit, the procedure it decides, and how many dossiers of each kind it had in May 2025.</summary>
    private sealed record Script(string Unit, string Procedure, double Days, string[] Components,
        int Early, int OnTime, int LateWithApology, int LateWithout, int PendingOverdue);

    private static readonly Script[] Units =
    [
        new("000.00.12.H15", "2.000488", 10, ["to-khai", "cccd", "xac-nhan-cu-tru"], Early: 3, OnTime: 2, LateWithApology: 2, LateWithout: 1, PendingOverdue: 1),
        new("000.00.34.H15", "1.001907", 10, ["don", "dang-ky-kd", "hop-dong-mua"], Early: 2, OnTime: 1, LateWithApology: 1, LateWithout: 3, PendingOverdue: 2),
        new("000.00.19.H15", "1.003019", 15, ["don", "thuyet-minh", "xac-nhan-kien-thuc"], Early: 1, OnTime: 1, LateWithApology: 0, LateWithout: 0, PendingOverdue: 0),
    ];

    [Fact]
    public async Task A_scripted_year_gives_exactly_its_figures_in_every_period_and_format_and_survives_a_rebuild()
    {
        var province = await tthc.GatewayAsAsync("province");
        foreach (var script in Units)
        {
            await ImportAsync(province, script);
        }

        const string may = "period=calendar-month&year=2025&number=5";
        const string quarter = "period=quarter&year=2025&number=2";
        const string ytd = "period=ytd&year=2025&number=12";
        var expected = new Dictionary<string, Func<Script, Dictionary<string, long>>>
        {
            // 31 May: the late ones are still open and overdue; the apologies were all issued in May.
            [may] = s => Figures(carried: 0, online: 0, counter: All(s), postal: 0, early: s.Early, onTime: s.OnTime, late: 0,
                pending: s.LateWithApology + s.LateWithout + s.PendingOverdue, overdue: s.LateWithApology + s.LateWithout + s.PendingOverdue,
                with: s.LateWithApology, without: s.LateWithout + s.PendingOverdue, issuedLate: Math.Max(0, s.LateWithApology - 1)),
            // 15 March → 14 June: the late ones were decided in June; the March dossier was closed before the quarter.
            [quarter] = s => Figures(carried: 0, online: 0, counter: All(s), postal: 0, early: s.Early, onTime: s.OnTime,
                late: s.LateWithApology + s.LateWithout, pending: s.PendingOverdue, overdue: s.PendingOverdue,
                with: s.LateWithApology, without: s.LateWithout + s.PendingOverdue, issuedLate: Math.Max(0, s.LateWithApology - 1)),
            // The whole year adds the March dossier (online, early) and the June one (by post, still open and overdue).
            [ytd] = s => Figures(carried: 0, online: 1, counter: All(s), postal: 1, early: s.Early + 1, onTime: s.OnTime,
                late: s.LateWithApology + s.LateWithout, pending: s.PendingOverdue + 1, overdue: s.PendingOverdue + 1,
                with: s.LateWithApology, without: s.LateWithout + s.PendingOverdue + 1, issuedLate: Math.Max(0, s.LateWithApology - 1)),
        };

        // The events travel through the outboxes: wait until the last figure is in, then every figure must be exact.
        var reports = new Dictionary<string, JsonElement>();
        foreach (var (query, figures) in expected)
        {
            reports[query] = await EventuallyAsync(province, query, figures);
            foreach (var script in Units)
            {
                var (want, got) = (Text(figures(script)), Text(Actual(reports[query], script.Unit, figures(script).Keys)));
                Assert.True(want == got, $"{script.Unit} {query}:\nexpected {want}\nactual   {got}");
            }
        }

        await TheExportsSayTheSameAsync(province, quarter, expected[quarter]);

        var compliance = await province.GetFromJsonAsync<JsonElement>($"/api/reports/compliance?{quarter}");
        var ours = compliance.GetProperty("units").EnumerateArray().Where(u => Units.Any(s => s.Unit == u.GetProperty("unitCode").GetString())).ToList();
        Assert.Equal(["000.00.34.H15", "000.00.12.H15"], ours.Select(u => u.GetProperty("unitCode").GetString()));
        Assert.Equal(5, ours[0].GetProperty("lateWithoutApology").GetInt64());
        Assert.Equal(5, ours[0].GetProperty("caseCodes").GetArrayLength());

        // A rebuild from scratch (Cases' watch from cursor 0, Apologies' issued letters) gives the same reports.
        var before = new Dictionary<string, string>();
        foreach (var query in expected.Keys)
        {
            before[query] = await Scoped(province, query);
        }

        var factsBefore = await FactsAsync();
        var rebuilt = await province.PostAsync("/api/reports/admin/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        foreach (var query in expected.Keys)
        {
            Assert.Equal(before[query], await Scoped(province, query));
        }

        // And the model beneath them, dossier by dossier: every fact the rebuild wrote equals the one it replaced.
        var factsAfter = await FactsAsync();
        Assert.Equal(factsBefore.Count, factsAfter.Count);
        Assert.True(factsBefore.Count >= Units.Sum(All), $"only {factsBefore.Count} facts");
        foreach (var (code, fact) in factsBefore)
        {
            Assert.Equal(fact, factsAfter[code]);
        }
    }

    /// <summary>Every dossier fact of our three units, as the data platform streams it, without its cursor (which a rebuild renews).</summary>
    private async Task<Dictionary<string, string>> FactsAsync()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(tthc.GatewayGrpc);
        var headers = new Grpc.Core.Metadata { { "Authorization", $"Bearer {await tthc.DevTokenAsync("platform")}" } };
        var facts = new Dictionary<string, string>();
        using var stream = new Contracts.Reporting.V1.Reporting.ReportingClient(channel)
            .StreamFacts(new Contracts.Reporting.V1.StreamFactsRequest { UntilNow = true }, headers);
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            var fact = stream.ResponseStream.Current.Clone();
            if (Units.Any(s => s.Unit == fact.UnitCode))
            {
                fact.Cursor = 0;
                facts[fact.CaseCode] = fact.ToString();
            }
        }

        return facts;
    }

    private static string Text(Dictionary<string, long> figures) => string.Join(", ", figures.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"));

    private static int All(Script s) => s.Early + s.OnTime + s.LateWithApology + s.LateWithout + s.PendingOverdue;

    private static Dictionary<string, long> Figures(long carried, long online, long counter, long postal, long early, long onTime, long late,
        long pending, long overdue, long with, long without, long issuedLate) => new()
    {
        ["carriedOver"] = carried, ["receivedOnline"] = online, ["receivedCounter"] = counter, ["receivedPostal"] = postal,
        ["resolved"] = early + onTime + late, ["resolvedEarly"] = early, ["resolvedOnTime"] = onTime, ["resolvedLate"] = late,
        ["pending"] = pending, ["pendingNotYetDue"] = pending - overdue, ["pendingOverdue"] = overdue,
        ["lateWithApology"] = with, ["lateWithoutApology"] = without, ["apologiesIssuedLate"] = issuedLate,
    };

    /// <summary>The unit's row, read for the columns the script expects.</summary>
    private static Dictionary<string, long> Actual(JsonElement report, string unit, IEnumerable<string> columns)
    {
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitCode").GetString() == unit);
        return columns.ToDictionary(k => k, k => row.GetProperty(k).GetInt64());
    }

    private static async Task<JsonElement> EventuallyAsync(HttpClient client, string query, Func<Script, Dictionary<string, long>> figures)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/tthc?{query}");
            if (Units.All(s => report.GetProperty("rows").EnumerateArray().Any(r => r.GetProperty("unitCode").GetString() == s.Unit)
                    && figures(s).OrderBy(kv => kv.Key).SequenceEqual(Actual(report, s.Unit, figures(s).Keys).OrderBy(kv => kv.Key)))
                || DateTime.UtcNow > deadline)
            {
                return report;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Our three units' rows as text, to compare before and after a rebuild.</summary>
    private static async Task<string> Scoped(HttpClient client, string query)
    {
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/tthc?{query}");
        return string.Join("\n", report.GetProperty("rows").EnumerateArray()
            .Where(r => Units.Any(s => s.Unit == r.GetProperty("unitCode").GetString())).Select(r => r.GetRawText()));
    }

    private static async Task TheExportsSayTheSameAsync(HttpClient client, string query, Func<Script, Dictionary<string, long>> figures)
    {
        var csv = (await client.GetStringAsync($"/api/reports/tthc?{query}&format=csv")).Split('\n');
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await client.GetByteArrayAsync($"/api/reports/tthc?{query}&format=xlsx")), false);
        var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>()
            .ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "");
        Assert.Equal("Số hồ sơ đã giải quyết", cells["G3"]);
        Assert.Equal("Chưa có văn bản xin lỗi", cells["O4"]);
        foreach (var script in Units)
        {
            var f = figures(script);
            var line = csv.Single(l => l.StartsWith(script.Unit + ",", StringComparison.Ordinal)).Split(',');
            Assert.Equal(f["resolvedLate"].ToString(CultureInfo.InvariantCulture), line[9]);
            Assert.Equal(f["lateWithoutApology"].ToString(CultureInfo.InvariantCulture), line[14]);
            var row = cells.Single(c => c.Key.StartsWith('A') && c.Value == script.Unit).Key[1..];
            Assert.Equal(f["resolvedLate"].ToString(CultureInfo.InvariantCulture), cells["J" + row]);
            Assert.Equal(f["lateWithApology"].ToString(CultureInfo.InvariantCulture), cells["N" + row]);
            Assert.Equal(f["lateWithoutApology"].ToString(CultureInfo.InvariantCulture), cells["O" + row]);
        }
    }

    private async Task ImportAsync(HttpClient province, Script s)
    {
        var received = new DateTimeOffset(2025, 5, 5, 9, 0, 0, Vietnam);
        var n = 0;
        async Task<(string Code, DateTimeOffset Due)> One(DateTimeOffset at, Func<DateTimeOffset, DateTimeOffset?> decided, string channel = "counter")
        {
            var deadline = await province.GetFromJsonAsync<JsonElement>(
                $"/api/calendar/deadline?receivedAt={Uri.EscapeDataString(at.ToString("O"))}&workingDays={s.Days.ToString(CultureInfo.InvariantCulture)}&channel={channel}");
            var due = deadline.GetProperty("dueAt").GetDateTimeOffset();
            var response = await province.PostAsJsonAsync("/api/cases/import", new
            {
                procedureCode = s.Procedure, unitCode = s.Unit, channel,
                applicant = new { fullName = $"Công dân {++n}", phone = "0900000000" }, components = s.Components,
                receivedAt = at, decidedAt = decided(due),
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(due, body.GetProperty("dueAt").GetDateTimeOffset());
            return (body.GetProperty("code").GetString()!, due);
        }

        async Task Apologise(string code, DateTimeOffset issuedAt)
        {
            // A 409 "recorded meanwhile" is the import losing a race with another write of the dossier's letter (its
            // unique number or row); sending it again settles it, so the test does, for a while.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var response = await province.PostAsJsonAsync("/api/apologies/import", new
                {
                    caseCode = code, issuedAt, reason = "Chờ ý kiến của cơ quan phối hợp.", newAppointmentDate = "2025-06-30",
                });
                if (response.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
                {
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    return;
                }

                await Task.Delay(200);
            }
        }

        for (var i = 0; i < s.Early; i++)
        {
            await One(received.AddMinutes(i), _ => received.AddDays(1));
        }

        for (var i = 0; i < s.OnTime; i++)
        {
            await One(received.AddMinutes(10 + i), due => due.AddHours(-1));
        }

        for (var i = 0; i < s.LateWithApology; i++)
        {
            var (code, due) = await One(received.AddMinutes(20 + i), due => due.AddDays(15));
            // The first apology of a unit is issued the day before the appointment, the next ones two days after it (issued late).
            await Apologise(code, i == 0 ? due.AddDays(-1) : due.AddDays(2));
        }

        for (var i = 0; i < s.LateWithout; i++)
        {
            await One(received.AddMinutes(30 + i), due => due.AddDays(15));
        }

        for (var i = 0; i < s.PendingOverdue; i++)
        {
            await One(received.AddMinutes(40 + i), _ => null);
        }

        // Outside May: an online dossier in March, decided the next day; one by post in June, still open.
        await One(new DateTimeOffset(2025, 3, 10, 9, 0, 0, Vietnam), _ => new DateTimeOffset(2025, 3, 11, 9, 0, 0, Vietnam), "online");
        await One(new DateTimeOffset(2025, 6, 20, 9, 0, 0, Vietnam), _ => null, "postal");
    }
}
