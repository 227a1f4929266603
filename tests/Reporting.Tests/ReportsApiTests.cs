extern alias ReportingService;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using ReportingService::Tthc.Reporting.Data;
using ReportingService::Tthc.Reporting.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Contracts.Reporting.V1;
using Tthc.Messaging;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

public sealed class ReportingFactory : ServiceFactory<ReportingService::Program>
{
    public const string Unit = "000.00.15.H15";
    public const string SubUnit = "000.15.01.H15";
    public const string OtherUnit = "000.00.16.H15";
    public const string Receiving = "000.00.01.H15";

    public ReportingFactory(DateTimeOffset? clockStart = null) : base(clockStart)
    {
        Settings["Units:RefreshInterval"] = "01:00:00";
    }

    /// <summary>The gRPC API as the data platform (or another <paramref name="role"/>) calls it.</summary>
    public Contracts.Reporting.V1.Reporting.ReportingClient Grpc(string role = "platform", string? unit = null)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        return new Contracts.Reporting.V1.Reporting.ReportingClient(channel.Intercept(m =>
        {
            m.Add("Authorization", $"Bearer {TestTokens.For(role, unit)}");
            return m;
        }));
    }

    /// <summary>The unit tree Reporting would get from Cases.</summary>
    public async Task SeedUnitsAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        db.Units.AddRange(
            new ReportingUnit { Code = "000.00.00.H15", Name = "UBND tỉnh Đắk Lắk", Kind = "province" },
            new ReportingUnit { Code = Unit, Name = "Sở Xây dựng", Kind = "department", ParentCode = "000.00.00.H15" },
            new ReportingUnit { Code = SubUnit, Name = "Phòng Quản lý xây dựng", Kind = "department", ParentCode = Unit },
            new ReportingUnit { Code = OtherUnit, Name = "Sở Tư pháp", Kind = "department", ParentCode = "000.00.00.H15" });
        await db.SaveChangesAsync();
    }

    /// <summary>Delivers events one by one, as the relay would, to the topic each belongs to.</summary>
    public async Task DeliverAsync(IEnumerable<IntegrationEvent> events)
    {
        var client = CreateClient().WithToken("service"); // the relay's credential
        foreach (var e in events)
        {
            var topic = ((CloudEventTypeAttribute)Attribute.GetCustomAttribute(e.GetType(), typeof(CloudEventTypeAttribute))!).Topic;
            var content = new StringContent(JsonSerializer.Serialize(CloudEvent.From(e, $"tthc/{topic}"), CloudEvent.Json), Encoding.UTF8, CloudEvent.MediaType);
            (await client.PostAsync($"/events/{topic}", content)).EnsureSuccessStatusCode();
        }
    }
}

/// <summary>
/// A scripted first quarter (15 Dec 2025 → 14 Mar 2026) for the Department of Construction, with every kind of dossier
/// the report distinguishes, delivered out of order. The expected figures are worked out by hand in the comments.
/// </summary>
public sealed class ReportsApiTests
{
    private static DateTimeOffset Vn(int year, int month, int day, int hour = 9) => new(year, month, day, hour, 0, 0, TimeSpan.FromHours(7));

    private static IEnumerable<IntegrationEvent> Dossier(string code, string unit, string channel, DateTimeOffset received, DateTimeOffset due,
        DateTimeOffset? decided = null, string? timeliness = null, DateTimeOffset? refused = null, DateTimeOffset? apology = null)
    {
        yield return new CaseReceived
        {
            OccurredAt = received, CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = unit, ProcedureCode = "1.009972",
            Channel = Enum.Parse<Tthc.Contracts.IntakeChannel>(channel, ignoreCase: true), ReceivedAt = received, DueAt = due,
        };
        if (apology is { } issued)
        {
            yield return new ApologyIssued
            {
                OccurredAt = issued, ApologyId = Guid.NewGuid(), CaseCode = code, UnitCode = unit, Number = "1/PXL",
                NewAppointmentDate = DateOnly.FromDateTime(due.AddDays(10).DateTime), IssuedLate = issued > due, OriginalDueAt = due,
            };
        }

        if (decided is { } at)
        {
            yield return new CaseDecided
            {
                OccurredAt = at, CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = unit, DecidedAt = at, DueAt = due,
                Timeliness = Tthc.Contracts.CaseTerms.ParseTimeliness(timeliness)!.Value, WorkingDaysLate = timeliness == "late" ? 3 : 0,
            };
        }

        if (refused is { } r)
        {
            yield return new CaseRefused { OccurredAt = r, CaseCode = code, UnitCode = ReportingFactory.Receiving, Reason = "Không thuộc thẩm quyền" };
        }
    }

    private static List<IntegrationEvent> Quarter()
    {
        const string u = ReportingFactory.Unit;
        var events = new List<IntegrationEvent>();
        // Carried over: received before the period, decided early inside it.
        events.AddRange(Dossier("d01", u, "counter", Vn(2025, 12, 10), Vn(2025, 12, 20, 17), decided: Vn(2025, 12, 18), timeliness: "early"));
        // Received and closed before the period: not in the quarter at all.
        events.AddRange(Dossier("d02", u, "counter", Vn(2025, 12, 1), Vn(2025, 12, 5, 17), decided: Vn(2025, 12, 12), timeliness: "late"));
        events.AddRange(Dossier("d03", u, "online", Vn(2026, 1, 5), Vn(2026, 1, 20, 17), decided: Vn(2026, 1, 20, 10), timeliness: "on-time"));
        // Late with an apology issued before the appointment.
        events.AddRange(Dossier("d04", u, "online", Vn(2026, 1, 6), Vn(2026, 1, 15, 17), decided: Vn(2026, 2, 10), timeliness: "late", apology: Vn(2026, 1, 14)));
        // Late; the apology came after the decision (and after the appointment: issued late), still inside the quarter.
        events.AddRange(Dossier("d05", u, "postal", Vn(2026, 1, 7), Vn(2026, 1, 16, 17), decided: Vn(2026, 2, 11), timeliness: "late", apology: Vn(2026, 2, 20)));
        // Late without any apology.
        events.AddRange(Dossier("d06", u, "counter", Vn(2026, 1, 8), Vn(2026, 1, 17, 17), decided: Vn(2026, 3, 1), timeliness: "late"));
        // Pending and overdue at the end, with an apology.
        events.AddRange(Dossier("d07", u, "counter", Vn(2026, 2, 1), Vn(2026, 2, 10, 17), apology: Vn(2026, 2, 9)));
        // Pending and overdue at the end, decided only after the quarter, no apology.
        events.AddRange(Dossier("d08", u, "counter", Vn(2026, 2, 2), Vn(2026, 2, 11, 17), decided: Vn(2026, 3, 20), timeliness: "late"));
        // Pending, not yet due.
        events.AddRange(Dossier("d09", u, "online", Vn(2026, 3, 10), Vn(2026, 3, 25, 17)));
        events.AddRange(Dossier("d10", u, "counter", Vn(2026, 2, 3), Vn(2026, 2, 20, 17), refused: Vn(2026, 2, 4)));
        // After the quarter.
        events.AddRange(Dossier("d11", u, "online", Vn(2026, 3, 15), Vn(2026, 3, 30, 17)));
        // A sub-unit's open dossier, and another department's late one without apology.
        events.AddRange(Dossier("c01", ReportingFactory.SubUnit, "counter", Vn(2026, 1, 10), Vn(2026, 4, 1, 17)));
        events.AddRange(Dossier("o01", ReportingFactory.OtherUnit, "online", Vn(2026, 1, 5), Vn(2026, 1, 10, 17), decided: Vn(2026, 1, 20), timeliness: "late"));

        // Out of order: apologies and decisions first, receipts last — the facts do not care.
        return [.. events.OrderBy(e => e is CaseReceived ? 1 : 0).ThenByDescending(e => e.OccurredAt)];
    }

    private static async Task<ReportingFactory> ScriptedAsync()
    {
        var factory = new ReportingFactory();
        await factory.SeedUnitsAsync();
        await factory.DeliverAsync(Quarter());
        return factory;
    }

    private static JsonElement Row(JsonElement report, string unit) =>
        report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitCode").GetString() == unit);

    [Fact]
    public async Task An_official_quarter_has_exactly_the_scripted_figures()
    {
        await using var factory = await ScriptedAsync();

        var report = await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=1");

        Assert.Equal("2025-12-15", report.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal("2026-03-14", report.GetProperty("period").GetProperty("end").GetString());
        var row = Row(report, ReportingFactory.Unit);
        Assert.Equal("Sở Xây dựng", row.GetProperty("unitName").GetString());
        var expected = new Dictionary<string, long>
        {
            ["carriedOver"] = 1, ["receivedOnline"] = 3, ["receivedCounter"] = 4, ["receivedPostal"] = 1,
            ["resolved"] = 5, ["resolvedEarly"] = 1, ["resolvedOnTime"] = 1, ["resolvedLate"] = 3,
            ["pending"] = 3, ["pendingNotYetDue"] = 1, ["pendingOverdue"] = 2,
            ["lateWithApology"] = 3, ["lateWithoutApology"] = 2, ["refused"] = 1, ["stopped"] = 0, ["apologiesIssuedLate"] = 1,
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(k => k, k => row.GetProperty(k).GetInt64()));
        Assert.Equal(1, Row(report, ReportingFactory.OtherUnit).GetProperty("lateWithoutApology").GetInt64());
        Assert.Equal(3, report.GetProperty("total").GetProperty("lateWithoutApology").GetInt64());
    }

    [Fact]
    public async Task A_past_month_sees_the_dossiers_as_they_stood_at_its_end()
    {
        await using var factory = await ScriptedAsync();

        var january = Row(await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>($"/api/reports/tthc?period=calendar-month&year=2026&number=1&unit={ReportingFactory.Unit}"), ReportingFactory.Unit);

        // At 31 January: d04, d05, d06 were open and overdue; only d04 had its apology then (d05's came on 20 February).
        Assert.Equal(3, january.GetProperty("pendingOverdue").GetInt64());
        Assert.Equal(1, january.GetProperty("lateWithApology").GetInt64());
        Assert.Equal(2, january.GetProperty("lateWithoutApology").GetInt64());
        Assert.Equal(1, january.GetProperty("resolvedOnTime").GetInt64());
    }

    [Fact]
    public async Task An_apology_issued_after_a_period_does_not_count_in_it()
    {
        await using var factory = await ScriptedAsync();

        var february = Row(await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=month&year=2026&number=2"), ReportingFactory.Unit);

        // 15 January – 14 February: d04 and d05 resolved late (d04's apology came before its decision, d05's on 20
        // February, after the period); d06, d07 and d08 overdue at its end, only d07 with an apology.
        Assert.Equal(2, february.GetProperty("resolvedLate").GetInt64());
        Assert.Equal(3, february.GetProperty("pendingOverdue").GetInt64());
        Assert.Equal(2, february.GetProperty("lateWithApology").GetInt64());
        Assert.Equal(3, february.GetProperty("lateWithoutApology").GetInt64());
    }

    [Fact]
    public async Task A_unit_report_includes_its_sub_units_and_an_officer_sees_only_their_own()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("officer", ReportingFactory.Unit);

        var own = await client.GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=1");
        var other = await client.GetAsync($"/api/reports/tthc?period=quarter&year=2026&number=1&unit={ReportingFactory.OtherUnit}");

        Assert.Equal([ReportingFactory.Unit, ReportingFactory.SubUnit], own.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("unitCode").GetString()).Order());
        Assert.Equal(4, own.GetProperty("total").GetProperty("pending").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task The_compliance_list_names_the_worst_unit_first_with_its_dossiers()
    {
        await using var factory = await ScriptedAsync();

        var compliance = await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=quarter&year=2026&number=1");

        var units = compliance.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal([ReportingFactory.Unit, ReportingFactory.OtherUnit], units.Select(u => u.GetProperty("unitCode").GetString()));
        Assert.Equal(["d06", "d08"], units[0].GetProperty("caseCodes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, units[0].GetProperty("lateWithoutApology").GetInt64());
    }

    [Fact]
    public async Task Csv_and_xlsx_carry_the_same_figures_under_vietnamese_headings()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");
        const string query = "/api/reports/tthc?period=quarter&year=2026&number=1";

        var csv = await client.GetAsync(query + "&format=csv");
        var xlsx = await client.GetAsync(query + "&format=xlsx");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Chưa có văn bản xin lỗi", lines[0]);
        Assert.StartsWith($"{ReportingFactory.Unit},Sở Xây dựng,1,3,4,1,5,1,1,3,3,1,2,3,2,1,0,0,1", lines.Single(l => l.StartsWith(ReportingFactory.Unit)));

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>()
            .ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "");
        Assert.Equal("Số hồ sơ đã giải quyết", cells["G3"]);
        Assert.Equal("Quá hạn", cells["J4"]);

        // Every figure column, both files, the same values in the same order: the 17 columns of the hand-worked quarter.
        long[] expected = [1, 3, 4, 1, 5, 1, 1, 3, 3, 1, 2, 3, 2, 1, 0, 0, 1];
        var headings = lines[0].TrimEnd('\r').Split(',');
        var csvRow = lines.Single(l => l.StartsWith(ReportingFactory.Unit)).TrimEnd('\r').Split(',');
        Assert.Equal(expected, csvRow[2..19].Select(long.Parse));
        var unitRow = cells.Single(c => c.Value == ReportingFactory.Unit).Key[1..];
        var columns = Enumerable.Range(0, 17).Select(i => ((char)('C' + i)).ToString()).ToList();
        Assert.Equal(expected, columns.Select(c => long.Parse(cells[c + unitRow])));
        Assert.Equal(headings[2..19].Select(h => h.Split(" - ")[1]), columns.Select(c => cells[c + "4"]));
        Assert.Equal("Sở Xây dựng", cells["B" + unitRow]);
    }

    [Fact]
    public async Task A_redelivered_event_changes_nothing()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");
        var before = await client.GetStringAsync("/api/reports/tthc?period=ytd&year=2026&number=3");

        await factory.DeliverAsync(Quarter().Take(5));

        Assert.Equal(before, await client.GetStringAsync("/api/reports/tthc?period=ytd&year=2026&number=3"));
    }

    [Theory]
    [InlineData("period=quarter&year=2026&number=7", "number")]
    [InlineData("period=fortnight&year=2026", "period")]
    [InlineData("year=2026", "period")]
    [InlineData("period=year&year=2026&format=pdf", "format")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        await using var factory = new ReportingFactory();
        var response = await factory.CreateClient().WithToken("province").GetAsync($"/api/reports/tthc?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task A_citizen_gets_no_report()
    {
        await using var factory = new ReportingFactory();

        var response = await factory.CreateClient().WithToken("citizen").GetAsync("/api/reports/tthc?period=year&year=2026");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_gets_report_compliance_and_the_facts_stream_over_grpc()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.Grpc();

        var report = await client.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2026, Number = 1, UnitCode = ReportingFactory.OtherUnit });
        var compliance = await client.GetComplianceAsync(new GetComplianceRequest { Period = "quarter", Year = 2026, Number = 1 });
        var bad = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2026, Number = 9 }).ResponseAsync);
        var facts = new List<Contracts.Reporting.V1.DossierFact>();
        using (var stream = client.StreamFacts(new StreamFactsRequest { Cursor = 0, UntilNow = true }))
        {
            await foreach (var fact in stream.ResponseStream.ReadAllAsync())
            {
                facts.Add(fact);
            }
        }

        var resumed = new List<Contracts.Reporting.V1.DossierFact>();
        using (var stream = client.StreamFacts(new StreamFactsRequest { Cursor = facts[5].Cursor, UntilNow = true }))
        {
            await foreach (var fact in stream.ResponseStream.ReadAllAsync())
            {
                resumed.Add(fact);
            }
        }

        Assert.Equal(1, report.Total.ResolvedLate);
        Assert.Equal(ReportingFactory.Unit, compliance.Units[0].UnitCode);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(13, facts.Select(f => f.CaseCode).Distinct().Count());
        var d05 = facts.Last(f => f.CaseCode == "d05");
        Assert.Equal(("decided", "late", true), (d05.Outcome, d05.Timeliness, d05.ApologyIssuedLate));
        Assert.Equal(facts.Skip(6).Select(f => f.Cursor), resumed.Select(f => f.Cursor));
    }

    [Fact]
    public async Task The_facts_stream_resumed_from_a_cursor_follows_live()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.Grpc();
        var last = new List<Contracts.Reporting.V1.DossierFact>();
        using (var stream = client.StreamFacts(new StreamFactsRequest { Cursor = 0, UntilNow = true }))
        {
            await foreach (var fact in stream.ResponseStream.ReadAllAsync())
            {
                last.Add(fact);
            }
        }

        // Resumed at the last cursor: nothing is owed until a new fact arrives, which then comes while the stream is open.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = client.StreamFacts(new StreamFactsRequest { Cursor = last[^1].Cursor }, cancellationToken: cancel.Token);
        var next = call.ResponseStream.MoveNext(cancel.Token);
        await factory.DeliverAsync(Dossier("d12", ReportingFactory.Unit, "online", Vn(2026, 4, 1), Vn(2026, 4, 10, 17)));
        for (var step = 0; !next.IsCompleted && step < 100; step++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1)); // the stream polls on the service's clock
            await Task.WhenAny(next, Task.Delay(50));
        }

        Assert.True(await next);
        Assert.Equal("d12", call.ResponseStream.Current.CaseCode);
        Assert.Equal(last[^1].Cursor + 1, call.ResponseStream.Current.Cursor);
        Assert.Equal("online", call.ResponseStream.Current.Channel);
    }

    [Fact]
    public async Task The_summary_shows_what_is_pending_today_and_twelve_months_of_flows()
    {
        // 15 April 2026: the twelve months are May 2025 – April 2026, which hold the whole script.
        await using var factory = new ReportingFactory(Vn(2026, 4, 15));
        await factory.SeedUnitsAsync();
        await factory.DeliverAsync(Quarter());

        var summary = await factory.CreateClient().WithToken("province").GetFromJsonAsync<JsonElement>("/api/reports/summary");

        var total = summary.GetProperty("total");
        var trend = total.GetProperty("trend").EnumerateArray().ToList();
        Assert.Equal("2025-05", trend[0].GetProperty("month").GetString());
        Assert.Equal("2026-04", trend[^1].GetProperty("month").GetString());
        // 13 dossiers received; 8 decided, 6 of them late (d02, d04, d05, d06, d08, o01); 3 apologies.
        Assert.Equal(13, trend.Sum(m => m.GetProperty("received").GetInt64()));
        Assert.Equal(8, trend.Sum(m => m.GetProperty("resolved").GetInt64()));
        Assert.Equal(6, trend.Sum(m => m.GetProperty("resolvedLate").GetInt64()));
        Assert.Equal(3, trend.Sum(m => m.GetProperty("apologiesIssued").GetInt64()));
        // Still open on 15 April, all past their appointment: d07, d09, d11 and the sub-unit's c01.
        Assert.Equal(4, total.GetProperty("pending").GetInt64());
        Assert.Equal(4, total.GetProperty("pendingOverdue").GetInt64());
        var unit = summary.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == ReportingFactory.Unit);
        Assert.Equal(3, unit.GetProperty("pending").GetInt64());
    }
}
