extern alias CasesService;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Messaging;
using Tthc.Tests;
using CasesDbContext = CasesService::Tthc.Cases.Data.CasesDbContext;
using DeadlineWatch = CasesService::Tthc.Cases.Workers.DeadlineWatch;

namespace Tthc.Cases.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task A_dossier_decided_after_its_appointment_is_late_by_working_days_and_then_returned()
    {
        await using var factory = new CasesFactory();
        // Due Monday 2 March 2026; decided now (November 2026 or later): late.
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1, dueAt: new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.Zero)))[0];
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        var decided = await client.PostAsync($"/api/cases/{code}/decide", null);
        var returned = await client.PostAsJsonAsync($"/api/cases/{code}/return", new { channel = "counter" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var body = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("late", body.GetProperty("timeliness").GetString());
        Assert.True(body.GetProperty("workingDaysLate").GetInt32() > 150);
        Assert.Equal("Returned", (await returned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(["vn.tthc.case.decided.v1", "vn.tthc.case.returned.v1"], await factory.OutboxTypesAsync(code));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Equal(["decided", "returned"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("Received", history[0].GetProperty("fromStatus").GetString());
    }

    [Fact]
    public async Task A_dossier_decided_well_before_its_appointment_is_early()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1, dueAt: factory.Clock.GetUtcNow().AddDays(20)))[0];

        var decided = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).PostAsync($"/api/cases/{code}/decide", null);

        var body = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("early", body.GetProperty("timeliness").GetString());
        Assert.Equal(0, body.GetProperty("workingDaysLate").GetInt32());
    }

    [Fact]
    public async Task Changes_the_state_does_not_allow_are_409_problems()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        var returnedEarly = await client.PostAsJsonAsync($"/api/cases/{code}/return", new { channel = "counter" });
        await client.PostAsJsonAsync($"/api/cases/{code}/refuse", new { reason = "Hồ sơ không thuộc thẩm quyền" });
        var decideRefused = await client.PostAsync($"/api/cases/{code}/decide", null);

        Assert.Equal(HttpStatusCode.Conflict, returnedEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, decideRefused.StatusCode);
        var problem = await decideRefused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Xung đột trạng thái / Conflict", problem.GetProperty("title").GetString());
        Assert.Contains("Refused", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_appointment_moves_once_on_an_issued_apology_to_a_working_day_after_today()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var apologies = factory.CreateClient().WithToken("service"); // Apologies, when the leader signs
        var nextWorkingDay = factory.WorkingDayAfterToday(2);
        var dayOff = factory.DayOffAfterToday();
        object Move(DateOnly date, string? number = "07/PXL") => new { newAppointmentDate = date.ToString("yyyy-MM-dd"), apologyNumber = number };

        // Officers and leaders reschedule by issuing an apology, never directly.
        var leader = await factory.CreateClient().WithToken("leader", CasesFactory.Unit).PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(nextWorkingDay));
        var noLetter = await apologies.PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(nextWorkingDay, number: null));
        var onDayOff = await apologies.PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(dayOff));
        var today = await apologies.PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(factory.Today));
        var first = await apologies.PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(nextWorkingDay));
        var second = await apologies.PostAsJsonAsync($"/api/cases/{code}/reschedule", Move(nextWorkingDay.AddDays(7)));

        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noLetter.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onDayOff.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, today.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var dossier = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(nextWorkingDay.ToString("yyyy-MM-dd") + "T17:00:00+07:00", dossier.GetProperty("rescheduledTo").GetString());
        Assert.Equal(["vn.tthc.case.rescheduled.v1"], await factory.OutboxTypesAsync(code));
        var history = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).GetStringAsync($"/api/cases/{code}/history");
        Assert.Contains("Phiếu xin lỗi số 07/PXL", history);
    }

    [Theory]
    [InlineData("refuse", """{"reason":" "}""", "reason")]
    [InlineData("stop", """{}""", "reason")]
    [InlineData("withdraw", """{"reason":""}""", "reason")]
    [InlineData("return", """{"channel":"pigeon"}""", "channel")]
    public async Task A_change_without_what_it_needs_is_a_422_naming_it(string action, string body, string field)
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];

        var response = await factory.CreateClient().WithToken("officer", CasesFactory.Unit)
            .PostAsync($"/api/cases/{code}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_withdrawn_dossier_ends_once_with_its_reason_and_the_other_services_are_told()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var officer = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        var request = (Number: "15/ĐN-RHS", Date: factory.Today.ToString("yyyy-MM-dd"));
        var withoutRequest = await officer.PostAsJsonAsync($"/api/cases/{code}/withdraw", new { reason = "Công dân xin rút hồ sơ" });
        var future = await officer.PostAsJsonAsync($"/api/cases/{code}/withdraw",
            new { reason = "Công dân xin rút hồ sơ", requestNumber = request.Number, requestDate = factory.Today.AddDays(1).ToString("yyyy-MM-dd") });
        var withdrawn = await officer.PostAsJsonAsync($"/api/cases/{code}/withdraw",
            new { reason = "Công dân xin rút hồ sơ để bổ sung giấy tờ", requestNumber = request.Number, requestDate = request.Date });
        var again = await officer.PostAsJsonAsync($"/api/cases/{code}/withdraw", new { reason = "Lần hai", requestNumber = request.Number, requestDate = request.Date });
        var decided = await officer.PostAsync($"/api/cases/{code}/decide", null);

        // The citizen's written request is what an officer records: without its number and date, or dated ahead, a 422.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutRequest.StatusCode);
        var problem = await withoutRequest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("requestNumber", out _) && problem.GetProperty("errors").TryGetProperty("requestDate", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var view = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Withdrawn", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("overdue").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        Assert.Contains("vn.tthc.case.withdrawn.v1", await factory.OutboxTypesAsync(code));
        var history = await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        var last = history.EnumerateArray().Last();
        Assert.Equal("withdrawn", last.GetProperty("action").GetString());
        Assert.Contains("bổ sung giấy tờ", last.GetProperty("detail").GetString());
        Assert.Contains($"văn bản số 15/ĐN-RHS ngày {factory.Today:dd'/'MM'/'yyyy}", last.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_units_officer_cannot_act_on_a_dossier()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];

        var response = await factory.CreateClient().WithToken("officer", CasesFactory.OtherUnit).PostAsync($"/api/cases/{code}/decide", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_deadline_of_a_dossier_explains_the_days_it_skipped()
    {
        // Tuesday 1 December 2026, 10:00: 15 working days → Tuesday 22 December, 11:30, over three weekends.
        await using var factory = CasesFactory.At(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)));
        var code = await factory.ReceiveAsync();

        var deadline = await factory.CreateClient().WithToken("officer", "000.00.31.H15").GetFromJsonAsync<JsonElement>($"/api/cases/{code}/deadline");

        Assert.Equal(new DateTimeOffset(2026, 12, 22, 11, 30, 0, TimeSpan.FromHours(7)), deadline.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(["2026-12-05", "2026-12-06", "2026-12-12", "2026-12-13", "2026-12-19", "2026-12-20"],
            deadline.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("date").GetString()));
        Assert.Equal(["Thứ Bảy", "Chủ nhật"], deadline.GetProperty("skipped").EnumerateArray().Take(2).Select(s => s.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_watch_says_due_soon_then_overdue_each_once()
    {
        await using var factory = new CasesFactory();
        factory.Settings["Watch:Interval"] = "01:00:00"; // the test drives the passes
        var now = factory.Clock.GetUtcNow();
        var soon = (await factory.SeedAsync(CasesFactory.Unit, 1, dueAt: now.AddSeconds(2), watchAt: now.AddMinutes(-1)))[0];
        var overdue = (await factory.SeedAsync(CasesFactory.OtherUnit, 1, dueAt: now.AddDays(-60), watchAt: now.AddDays(-61)))[0];
        var watch = factory.Services.GetRequiredService<DeadlineWatch>();

        await watch.RunOnceAsync(CancellationToken.None);
        await watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["vn.tthc.case.due-soon.v1"], await factory.OutboxTypesAsync(soon));
        Assert.Equal(["vn.tthc.case.overdue.v1"], await factory.OutboxTypesAsync(overdue));

        factory.Clock.Advance(TimeSpan.FromSeconds(2.5));
        await watch.RunOnceAsync(CancellationToken.None);
        await watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["vn.tthc.case.due-soon.v1", "vn.tthc.case.overdue.v1"], await factory.OutboxTypesAsync(soon));
        Assert.Equal(["vn.tthc.case.overdue.v1"], await factory.OutboxTypesAsync(overdue));
    }

    [Fact]
    public async Task A_province_may_warn_earlier_than_the_legal_day_before()
    {
        await using var normal = new CasesFactory();
        await using var early = new CasesFactory();
        early.Settings["Watch:DueSoonWorkingDays"] = "3";

        var (due, warned) = await WatchAsync(normal);
        var (dueEarly, warnedEarly) = await WatchAsync(early);

        Assert.Equal(due, dueEarly);
        Assert.True(warnedEarly < warned);
        Assert.True(warned - warnedEarly >= TimeSpan.FromDays(2));

        static async Task<(DateTimeOffset Due, DateTimeOffset Warned)> WatchAsync(CasesFactory factory)
        {
            var dossier = await factory.StoredAsync(await factory.ReceiveAsync());
            return (dossier.DueAt, dossier.NextWatchAt!.Value);
        }
    }

    [Fact]
    public async Task A_same_day_dossier_is_never_due_soon_only_overdue_when_it_is_late()
    {
        await using var factory = new CasesFactory();
        factory.Settings["Watch:Interval"] = "01:00:00"; // the test drives the passes
        var code = await factory.ReceiveAsync("000.31.01.H15", "2.000815", "ban-chinh", "ban-sao"); // certification of copies

        await factory.Services.GetRequiredService<DeadlineWatch>().RunOnceAsync(CancellationToken.None);

        // Its whole time lies inside the one-day lead: warning at the counter would open an apology for every copy.
        Assert.Equal(["vn.tthc.case.received.v1"], await factory.OutboxTypesAsync(code));
        var dossier = await factory.StoredAsync(code);
        Assert.True(dossier.NextWatchAt > dossier.DueAt, "the watch waits for the appointment to pass");
    }

    [Fact]
    public async Task A_received_dossier_is_watched_from_the_working_day_before_its_appointment()
    {
        // Due Tuesday 22 December 2026, 11:30: the warning comes at the start of Monday 21 December.
        await using var factory = CasesFactory.At(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)));
        var dossier = await factory.StoredAsync(await factory.ReceiveAsync());

        Assert.Equal(new DateTimeOffset(2026, 12, 22, 11, 30, 0, TimeSpan.FromHours(7)), dossier.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 21, 7, 30, 0, TimeSpan.FromHours(7)), dossier.NextWatchAt);
    }
}

public sealed class StepsAndSupplementsTests
{
    [Fact]
    public async Task Transfer_supplement_and_decision_leave_their_steps_history_and_events()
    {
        await using var factory = new CasesFactory();
        var receiver = factory.CreateClient().WithToken("officer", "000.00.31.H15");
        var body = await (await receiver.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An" }, components = new[] { "don", "gcn-dat", "ban-ve" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        var originalDue = body.GetProperty("dueAt").GetDateTimeOffset();

        var transferred = await receiver.PostAsJsonAsync($"/api/cases/{code}/transfer", new { toUnitCode = "000.00.15.H15", workingDays = 5 });
        var specialist = factory.CreateClient().WithToken("officer", "000.00.15.H15"); // the unit it was transferred to
        var asked = await specialist.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = new[] { "Bản vẽ mặt bằng tỷ lệ 1/100", "Ảnh hiện trạng" } });
        var askedAgain = await specialist.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = new[] { "x" } });
        var supplied = await specialist.PostAsync($"/api/cases/{code}/supplement-received", null);
        var decided = await specialist.PostAsync($"/api/cases/{code}/decide", null);

        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        Assert.Equal("AwaitingSupplement", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, askedAgain.StatusCode);
        // "restart": the 15 days count again from the supplement, so the appointment is no earlier than before.
        Assert.True((await supplied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset() >= originalDue);
        Assert.Equal("early", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("timeliness").GetString());

        var slip = await specialist.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/control-slip");
        var step = Assert.Single(slip.EnumerateArray());
        Assert.Equal("000.00.31.H15", step.GetProperty("givingUnit").GetString());
        Assert.Equal("000.00.15.H15", step.GetProperty("receivingUnit").GetString());
        Assert.Equal("early", step.GetProperty("result").GetString());
        var history = await specialist.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Equal(["received", "transferred", "supplement-requested", "supplement-received", "decided"],
            history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        using var scope = factory.Services.CreateScope();
        var types = await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Set<OutboxMessage>()
            .Where(m => m.Subject == code && m.Type != "vn.tthc.case.due-soon.v1").OrderBy(m => m.Sequence).Select(m => m.Type).ToListAsync();
        Assert.Equal(["vn.tthc.case.received.v1", "vn.tthc.case.transferred.v1", "vn.tthc.case.supplement-requested.v1",
            "vn.tthc.case.supplement-received.v1", "vn.tthc.case.decided.v1"], types);
    }

    [Fact]
    public async Task A_transfer_to_a_unit_that_does_not_exist_or_a_notice_listing_nothing_is_a_422()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        var nowhere = await client.PostAsJsonAsync($"/api/cases/{code}/transfer", new { toUnitCode = "999.99.99.X99" });
        var nothing = await client.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nowhere.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
    }
}

public sealed class QueryTests
{
    [Fact]
    public async Task Lists_filter_by_status_and_overdue_and_the_board_counts_the_same()
    {
        await using var factory = new CasesFactory();
        var late = await factory.SeedAsync(CasesFactory.Unit, 2, dueAt: factory.Clock.GetUtcNow().AddDays(-3));
        await factory.SeedAsync(CasesFactory.Unit, 3, dueAt: factory.Clock.GetUtcNow().AddDays(3));
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);
        await client.PostAsync($"/api/cases/{late[0]}/decide", null);

        var overdue = await client.GetFromJsonAsync<JsonElement>("/api/cases?overdue=true");
        var decided = await client.GetFromJsonAsync<JsonElement>("/api/cases?status=decided");
        var board = await client.GetFromJsonAsync<JsonElement>("/api/cases/board");
        var bad = await client.GetAsync("/api/cases?status=lost");

        Assert.Equal([late[1]], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal([late[0]], decided.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal(1, board.GetProperty("overdue").GetInt32());
        Assert.Equal(1, board.GetProperty("awaitingReturn").GetInt32());
        Assert.Equal(4, board.GetProperty("inProgress").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_unit_sees_the_dossiers_transferred_to_it()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        await factory.CreateClient().WithToken("officer", CasesFactory.Unit)
            .PostAsJsonAsync($"/api/cases/{code}/transfer", new { toUnitCode = "000.00.16.H15" });

        var theirs = await factory.CreateClient().WithToken("officer", "000.00.16.H15").GetFromJsonAsync<JsonElement>("/api/cases");

        Assert.Equal([code], theirs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }
}
