using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Grpc.Core;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Contracts.Reporting.V1;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

/// <summary>
/// Periods that have not ended are reported as of now: on Tuesday 1 December 2026 at 10:00 (Vietnam) a dossier received
/// this morning and due on 23 December is pending and not late, in the month, the quarter and the year alike.
/// </summary>
public sealed class RunningPeriodTests
{
    private const string Unit = ReportingFactory.Unit;

    private static DateTimeOffset Vn(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static CaseReceived Received(string code, DateTimeOffset received, DateTimeOffset due) => new()
    {
        OccurredAt = received, CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = Unit, ProcedureCode = "1.009972",
        Channel = Tthc.Contracts.IntakeChannel.Counter, ReceivedAt = received, DueAt = due,
    };

    /// <summary>
    /// fresh: received this morning, due 23 December 17:00. today: due today at 16:00. overdue: due yesterday (30
    /// November) at 17:00, still open, no apology.
    /// </summary>
    private static async Task<ReportingFactory> ScriptedAsync()
    {
        var factory = new ReportingFactory(Vn(2026, 12, 1, 10));
        await factory.SeedUnitsAsync();
        await factory.DeliverAsync(
        [
            Received("fresh", Vn(2026, 12, 1, 9), Vn(2026, 12, 23, 17)),
            Received("today", Vn(2026, 11, 20, 9), Vn(2026, 12, 1, 16)),
            Received("overdue", Vn(2026, 11, 10, 9), Vn(2026, 11, 30, 17)),
        ]);
        return factory;
    }

    private static async Task<JsonElement> RowAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/reports/tthc?{query}&unit={Unit}")).GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("unitCode").GetString() == Unit);

    private static (long Pending, long NotYetDue, long Overdue, long WithoutApology) Late(JsonElement row) =>
        (row.GetProperty("pending").GetInt64(), row.GetProperty("pendingNotYetDue").GetInt64(),
            row.GetProperty("pendingOverdue").GetInt64(), row.GetProperty("lateWithoutApology").GetInt64());

    [Theory]
    [InlineData("period=calendar-month&year=2026&number=12")]
    [InlineData("period=month&year=2026&number=12")]
    [InlineData("period=quarter&year=2026&number=4")]
    [InlineData("period=year&year=2026")]
    [InlineData("period=ytd&year=2026")]
    public async Task A_running_period_counts_only_what_is_late_now(string query)
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");

        // 10:00: only the dossier due yesterday is late; the one due at 16:00 today is not yet.
        Assert.Equal((3L, 2L, 1L, 1L), Late(await RowAsync(client, query)));

        // 16:30: the appointment at 16:00 has passed.
        factory.Clock.SetUtcNow(Vn(2026, 12, 1, 16, 30));
        Assert.Equal((3L, 1L, 2L, 2L), Late(await RowAsync(client, query)));
    }

    [Fact]
    public async Task Every_answer_says_the_moment_it_is_as_of()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");

        var running = await client.GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=4");
        var ended = await client.GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=3");
        var compliance = await client.GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=quarter&year=2026&number=4");
        var summary = await client.GetFromJsonAsync<JsonElement>("/api/reports/summary");

        Assert.Equal(Vn(2026, 12, 1, 10), running.GetProperty("period").GetProperty("asOf").GetDateTimeOffset());
        // Quarter 3 ended on 14 September: its figures are as of that day's end.
        Assert.Equal(Vn(2026, 9, 15, 0), ended.GetProperty("period").GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(Vn(2026, 12, 1, 10), compliance.GetProperty("period").GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(Vn(2026, 12, 1, 10), summary.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(1, summary.GetProperty("total").GetProperty("pendingOverdue").GetInt64());
        Assert.Equal(3, summary.GetProperty("total").GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task A_period_ended_before_an_appointment_never_sees_it_late()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");
        factory.Clock.SetUtcNow(Vn(2026, 12, 24, 8));

        // Quarter 4 ended on 14 December, before "fresh" was due; December (calendar) runs on and sees it late.
        Assert.Equal((3L, 1L, 2L, 2L), Late(await RowAsync(client, "period=quarter&year=2026&number=4")));
        Assert.Equal((3L, 0L, 3L, 3L), Late(await RowAsync(client, "period=calendar-month&year=2026&number=12")));
    }

    [Fact]
    public async Task Compliance_names_no_unit_for_dossiers_not_yet_due()
    {
        await using var factory = new ReportingFactory(Vn(2026, 12, 1, 10));
        await factory.SeedUnitsAsync();
        await factory.DeliverAsync([Received("fresh", Vn(2026, 12, 1, 9), Vn(2026, 12, 23, 17)), Received("today", Vn(2026, 11, 20, 9), Vn(2026, 12, 1, 16))]);
        var client = factory.CreateClient().WithToken("province");

        var now = await client.GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=quarter&year=2026&number=4");
        factory.Clock.SetUtcNow(Vn(2026, 12, 1, 16, 1));
        var later = await client.GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=quarter&year=2026&number=4");

        Assert.Empty(now.GetProperty("units").EnumerateArray());
        var unit = Assert.Single(later.GetProperty("units").EnumerateArray());
        Assert.Equal(["today"], unit.GetProperty("caseCodes").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("/api/reports/tthc?period=calendar-month&year=2027&number=1")]
    [InlineData("/api/reports/tthc?period=quarter&year=2027&number=2")]
    [InlineData("/api/reports/compliance?period=year&year=2028")]
    public async Task A_period_that_has_not_begun_is_a_422(string query)
    {
        await using var factory = await ScriptedAsync();

        var response = await factory.CreateClient().WithToken("province").GetAsync(query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("chưa có số liệu", problem.GetProperty("errors").GetProperty("period")[0].GetString());
    }

    [Fact]
    public async Task Csv_xlsx_and_grpc_carry_the_moment_too()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");
        const string query = "/api/reports/tthc?period=quarter&year=2026&number=4";

        var csv = (await client.GetStringAsync(query + "&format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await client.GetByteArrayAsync(query + "&format=xlsx")), false);
        var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>()
            .ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "");

        Assert.EndsWith(",Số liệu tính đến", csv[0].TrimEnd('\r'));
        Assert.All(csv.Skip(1), line => Assert.EndsWith(",2026-12-01T10:00:00+07:00", line.TrimEnd('\r')));
        Assert.Equal("Số liệu tính đến 10 giờ 00 ngày 01/12/2026", cells["A2"]);

        var grpc = factory.Grpc();
        var report = await grpc.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2026, Number = 4 });
        var future = await Assert.ThrowsAsync<RpcException>(() =>
            grpc.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2027, Number = 1 }).ResponseAsync);

        Assert.Equal("2026-12-01T03:00:00.0000000+00:00", report.Period.AsOf);
        Assert.Equal((1L, 1L), (report.Total.PendingOverdue, report.Total.LateWithoutApology));
        Assert.Equal(StatusCode.OutOfRange, future.StatusCode);
    }
}
