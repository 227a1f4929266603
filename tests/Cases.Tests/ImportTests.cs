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

public sealed class ImportTests
{
    private const string Department = "000.00.14.H15"; // driving-licence exchange, 1.002804: 5 working days

    private static object Import(DateTimeOffset receivedAt, DateTimeOffset? decidedAt = null, DateTimeOffset? returnedAt = null) => new
    {
        procedureCode = "1.002804",
        unitCode = Department,
        channel = "online",
        applicant = new { fullName = "Phạm Thị Dung", phone = "0912345678" },
        components = new[] { "don", "gplx", "giay-kham" },
        receivedAt,
        decidedAt,
        returnedAt,
        returnChannel = returnedAt is null ? null : "postal",
    };

    [Fact]
    public async Task A_dossier_received_60_days_ago_with_a_5_day_procedure_is_overdue_at_once_and_says_so_once()
    {
        await using var factory = new CasesFactory();
        factory.Settings["Watch:Interval"] = "01:00:00";
        var receivedAt = factory.Clock.GetUtcNow().AddDays(-60);

        var response = await factory.CreateClient().WithToken("province").PostAsJsonAsync("/api/cases/import", Import(receivedAt));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        Assert.Contains(receivedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyMMdd"), code);
        Assert.True(body.GetProperty("overdue").GetBoolean());
        await factory.Services.GetRequiredService<DeadlineWatch>().RunOnceAsync(CancellationToken.None);
        // Notifications hears how to reach the citizen (after the group's other events), but not to tell the past:
        // only steps from the import on.
        Assert.Equal(["vn.tthc.case.received.v1", "vn.tthc.case.due-soon.v1", "vn.tthc.case.overdue.v1", "vn.tthc.case.contact-given.v1"],
            await factory.OutboxTypesAsync(code));
    }

    [Fact]
    public async Task A_dossier_finished_in_the_old_system_replays_its_events_at_their_times()
    {
        await using var factory = new CasesFactory();
        var receivedAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // due Monday 9 March, 11:30
        var decidedAt = new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.FromHours(7));
        var returnedAt = decidedAt.AddDays(1);

        var body = await (await factory.CreateClient().WithToken("province").PostAsJsonAsync("/api/cases/import", Import(receivedAt, decidedAt, returnedAt)))
            .Content.ReadFromJsonAsync<JsonElement>();

        var code = body.GetProperty("code").GetString()!;
        Assert.Equal($"{Department}-260302-0001", code);
        Assert.Equal("Returned", body.GetProperty("status").GetString());
        Assert.Equal("late", body.GetProperty("timeliness").GetString());
        Assert.Equal(2, body.GetProperty("workingDaysLate").GetInt32());
        Assert.Equal(["vn.tthc.case.received.v1", "vn.tthc.case.due-soon.v1", "vn.tthc.case.overdue.v1", "vn.tthc.case.decided.v1", "vn.tthc.case.returned.v1"],
            await factory.OutboxTypesAsync(code));
        using var scope = factory.Services.CreateScope();
        var decided = await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Set<OutboxMessage>()
            .SingleAsync(m => m.Subject == code && m.Type == "vn.tthc.case.decided.v1");
        Assert.Equal(decidedAt, JsonDocument.Parse(decided.Envelope).RootElement.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task Impossible_histories_are_422_problems_and_only_the_province_imports()
    {
        await using var factory = new CasesFactory();
        var province = factory.CreateClient().WithToken("province");
        var now = factory.Clock.GetUtcNow();

        var future = await province.PostAsJsonAsync("/api/cases/import", Import(now.AddDays(1)));
        var returnedUndecided = await province.PostAsJsonAsync("/api/cases/import", Import(now.AddDays(-9), returnedAt: now.AddDays(-1)));
        var decidedBeforeReceived = await province.PostAsJsonAsync("/api/cases/import", Import(now.AddDays(-9), decidedAt: now.AddDays(-10)));
        var officer = await factory.CreateClient().WithToken("officer", Department).PostAsJsonAsync("/api/cases/import", Import(now.AddDays(-9)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, returnedUndecided.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, decidedBeforeReceived.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
    }
}
