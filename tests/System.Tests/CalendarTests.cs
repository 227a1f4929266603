using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using Tthc.Contracts.Cases.V1;

namespace Tthc.System.Tests;

/// <summary>The working-time calendar through the gateway, with no token, as any web page or mobile app uses it.</summary>
[Collection(TthcAppCollection.Name)]
public sealed class CalendarTests(TthcApp tthc)
{
    [Fact]
    public async Task The_documented_examples_answer_through_the_gateway()
    {
        var client = tthc.Gateway();

        var year = await client.GetFromJsonAsync<JsonElement>("/api/calendar/2026");
        var lunar = await client.GetFromJsonAsync<JsonElement>("/api/calendar/lunar?date=2026-02-17");
        var solar = await client.GetFromJsonAsync<JsonElement>("/api/calendar/solar?lunarYear=2026&lunarMonth=3&lunarDay=10&leap=false");
        var deadline = await client.GetFromJsonAsync<JsonElement>(
            "/api/calendar/deadline?receivedAt=2026-08-28T09:00:00%2B07:00&workingDays=1&channel=counter&sameDay=false");

        Assert.Contains(year.GetProperty("holidays").EnumerateArray(), h =>
            h.GetProperty("date").GetString() == "2026-02-17" && h.GetProperty("name").GetString() == "Tết Nguyên đán");
        Assert.Equal(["2026-01-10", "2026-08-22"], year.GetProperty("workingWeekends").EnumerateArray().Select(w => w.GetProperty("date").GetString()));
        Assert.Equal("Bính Ngọ", lunar.GetProperty("canChi").GetString());
        Assert.Equal("2026-04-26", solar.GetProperty("date").GetString());
        Assert.Equal("2026-09-03T11:30:00+07:00", deadline.GetProperty("dueAt").GetString());
        Assert.Equal(["2026-08-29", "2026-08-30", "2026-08-31", "2026-09-01", "2026-09-02"],
            deadline.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task Every_year_from_1976_to_2100_has_its_tet_and_statutory_holidays()
    {
        var client = tthc.Gateway();
        var wrong = new List<string>();
        for (var y = 1976; y <= 2100; y++)
        {
            var year = await client.GetFromJsonAsync<JsonElement>($"/api/calendar/{y}");
            var holidays = year.GetProperty("holidays").EnumerateArray()
                .Where(h => h.GetProperty("kind").GetString() == "holiday").ToList();
            var expected = y switch { < 2007 => 8, < 2014 => 9, < 2021 => 10, _ => 11 };
            var tet = await client.GetFromJsonAsync<JsonElement>($"/api/calendar/solar?lunarYear={y}&lunarMonth=1&lunarDay=1");
            var tetDate = tet.GetProperty("date").GetString();
            var lunar = await client.GetFromJsonAsync<JsonElement>($"/api/calendar/lunar?date={tetDate}");

            if (holidays.Count != expected || lunar.GetProperty("lunarDay").GetInt32() != 1 ||
                !holidays.Any(h => h.GetProperty("name").GetString() == "Tết Nguyên đán"))
            {
                wrong.Add($"{y}: {holidays.Count} holidays, Tết {tetDate}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task A_bad_parameter_is_a_400_problem_through_the_gateway()
    {
        var response = await tthc.Gateway().GetAsync("/api/calendar/deadline?receivedAt=yesterday&workingDays=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("receivedAt", out _));
    }

    [Fact]
    public async Task Replacing_a_schedule_needs_the_provincial_office()
    {
        var schedule = new { year = 2027, swaps = Array.Empty<object>() };

        var anonymous = await tthc.Gateway().PutAsJsonAsync("/api/calendar/schedules/2027", schedule);
        var officer = await (await tthc.GatewayAsAsync("officer", "000.00.15.H15")).PutAsJsonAsync("/api/calendar/schedules/2027", schedule);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
    }

    [Fact]
    public async Task The_calendar_answers_over_grpc_through_the_gateway_without_a_token()
    {
        using var channel = GrpcChannel.ForAddress(tthc.GatewayGrpc);
        var client = new Contracts.Cases.V1.Calendar.CalendarClient(channel);

        var lunar = await client.ToLunarAsync(new ToLunarRequest { Date = "2026-02-17" });
        var deadline = await client.ComputeDeadlineAsync(new ComputeDeadlineRequest { ReceivedAt = "2026-03-02T09:00:00+07:00", WorkingDays = 5 });

        Assert.Equal(1, lunar.LunarDay);
        Assert.StartsWith("2026-03-09T11:30:00", deadline.DueAt);
    }
}
