using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

/// <summary>
/// The time rules of Decree 118/2025 as a counter officer or a citizen meets them: received through the API at a given
/// moment, with the appointment the receipt promises. Expected appointments are worked out by hand on a wall calendar
/// (week of Monday 2 March 2026, no holiday; 30 April – 3 May 2026: Thursday and Friday holidays, then the weekend) and
/// office hours 07:30–11:30, 13:30–17:00 — never by the calendar code under test.
/// </summary>
public sealed class IntakeTimeRulesTests
{
    private static DateTimeOffset Vn(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static readonly Dictionary<string, (string Unit, string[] Components)> Procedures = new()
    {
        ["2.000815"] = ("000.31.01.H15", ["ban-chinh", "ban-sao"]),          // certified copy: same day
        ["2.000575"] = ("000.00.32.H15", ["giay-de-nghi", "cccd"]),          // household business: 3 days, restart
        ["1.004462"] = ("000.00.35.H15", ["don", "gpxd-cu"]),                // permit re-issue: 5.5 days
        ["1.004203"] = ("000.00.33.H15", ["don", "hop-dong", "gcn"]),        // land transfer: 10 days, pause
    };

    private static async Task<(string Code, DateTimeOffset DueAt)> ReceiveAsync(CasesFactory factory, string procedure, string channel)
    {
        var (unit, components) = Procedures[procedure];
        var client = channel == "online" ? factory.CreateClient().WithToken("citizen") : factory.CreateClient().WithToken("officer", unit);
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = procedure, unitCode = unit, channel, applicant = new { fullName = "Hoàng Thị Lan" }, components,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("code").GetString()!, body.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Theory]
    // Same day: before 15:00, due at the end of that day; from 15:00, at the end of the next working day.
    [InlineData("2.000815", "counter", 3, 2, 14, 59, 3, 2, 17, 0)]
    [InlineData("2.000815", "counter", 3, 2, 15, 0, 3, 3, 17, 0)]
    [InlineData("2.000815", "counter", 3, 6, 15, 30, 3, 9, 17, 0)]
    // Received in the morning, returned in the morning; in the afternoon, in the afternoon (3 working days).
    [InlineData("2.000575", "counter", 3, 2, 9, 0, 3, 5, 11, 30)]
    [InlineData("2.000575", "counter", 3, 2, 14, 0, 3, 5, 17, 0)]
    // The lunch break counts as the afternoon.
    [InlineData("2.000575", "counter", 3, 2, 12, 15, 3, 5, 17, 0)]
    // 5.5 days from Monday morning: the fifth working day's morning, and one half-day more.
    [InlineData("1.004462", "counter", 3, 2, 9, 0, 3, 9, 17, 0)]
    // Online in the last working hour counts from Tuesday morning; at the counter the same minute is Monday afternoon.
    [InlineData("2.000575", "online", 3, 2, 16, 15, 3, 6, 11, 30)]
    [InlineData("2.000575", "counter", 3, 2, 16, 15, 3, 5, 17, 0)]
    [InlineData("2.000575", "online", 3, 2, 15, 45, 3, 5, 17, 0)]
    // Submitted online on Saturday: counts from Monday 9 March, morning.
    [InlineData("2.000575", "online", 3, 7, 10, 0, 3, 12, 11, 30)]
    // Submitted online on the 30 April holiday: 1 May too, then the weekend; counts from Monday 4 May.
    [InlineData("2.000575", "online", 4, 30, 9, 0, 5, 7, 11, 30)]
    public async Task The_receipt_promises_the_appointment_the_rules_give(
        string procedure, string channel, int month, int day, int hour, int minute, int dueMonth, int dueDay, int dueHour, int dueMinute)
    {
        await using var factory = CasesFactory.At(Vn(month, day, hour, minute));

        var (_, dueAt) = await ReceiveAsync(factory, procedure, channel);

        Assert.Equal(Vn(dueMonth, dueDay, dueHour, dueMinute), dueAt);
        Assert.Equal(TimeSpan.FromHours(7), dueAt.Offset);
    }

    [Fact]
    public async Task A_supplement_restarts_the_time_from_zero_when_the_procedure_says_restart()
    {
        // Received Monday 2 March 09:00, due Thursday 5 March 11:30.
        await using var factory = CasesFactory.At(Vn(3, 2, 9));
        var (code, due) = await ReceiveAsync(factory, "2.000575", "counter");
        Assert.Equal(Vn(3, 5, 11, 30), due);
        var officer = factory.CreateClient().WithToken("officer", "000.00.32.H15");

        factory.Clock.SetUtcNow(Vn(3, 3, 10));
        (await officer.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = new[] { "Bản sao giấy tờ pháp lý của chủ hộ" } })).EnsureSuccessStatusCode();
        factory.Clock.SetUtcNow(Vn(3, 6, 9));
        var supplied = await (await officer.PostAsync($"/api/cases/{code}/supplement-received", null)).Content.ReadFromJsonAsync<JsonElement>();

        // Counted again from Friday 6 March, morning: three working days → Wednesday 11 March, 11:30.
        Assert.Equal(Vn(3, 11, 11, 30), supplied.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_supplement_pauses_the_time_when_the_procedure_says_pause()
    {
        // 10 working days from Monday 2 March 09:00: Monday 16 March, 11:30.
        await using var factory = CasesFactory.At(Vn(3, 2, 9));
        var (code, due) = await ReceiveAsync(factory, "1.004203", "counter");
        Assert.Equal(Vn(3, 16, 11, 30), due);
        var officer = factory.CreateClient().WithToken("officer", "000.00.33.H15");

        // Waiting from Tuesday 09:00 to Thursday 09:00: exactly two working days (2 × 7.5 office hours) do not count.
        factory.Clock.SetUtcNow(Vn(3, 3, 9));
        (await officer.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = new[] { "Hợp đồng chuyển nhượng có công chứng" } })).EnsureSuccessStatusCode();
        factory.Clock.SetUtcNow(Vn(3, 5, 9));
        var supplied = await (await officer.PostAsync($"/api/cases/{code}/supplement-received", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(Vn(3, 18, 11, 30), supplied.GetProperty("dueAt").GetDateTimeOffset());
    }
}
