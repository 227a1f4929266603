extern alias ReportingService;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Tests;
using FactHandlers = ReportingService::Tthc.Reporting.IntegrationEvents.FactHandlers;

namespace Tthc.Reporting.Tests;

public sealed class InboxTests
{
    private static StringContent Envelope(CaseReceived received) => new(
        JsonSerializer.Serialize(CloudEvent.From(received, "tthc/cases"), CloudEvent.Json), Encoding.UTF8, CloudEvent.MediaType);

    private static CaseReceived Received(string channel = "online") => new()
    {
        OccurredAt = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero),
        CaseCode = $"{ReportingFactory.Unit}-260302-0001",
        UnitCode = ReportingFactory.Unit,
        ProcedureCode = "1.009994",
        Channel = Enum.Parse<Tthc.Contracts.IntakeChannel>(channel, ignoreCase: true),
        ReceivedAt = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero),
        DueAt = new DateTimeOffset(2026, 3, 23, 4, 30, 0, TimeSpan.Zero),
    };

    private static async Task<long> ReceivedOnlineInMarchAsync(HttpClient client)
    {
        var report = await client.WithToken("province").GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=calendar-month&year=2026&number=3");
        return report.GetProperty("total").GetProperty("receivedOnline").GetInt64();
    }

    [Fact]
    public async Task The_service_declares_its_topic_endpoints_as_dapr_expects()
    {
        await using var factory = new ReportingFactory();

        var subscriptions = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        // One path per topic, and a rule per event type taken, so the sidecar brings only those.
        var cases = Assert.Single(subscriptions.EnumerateArray(), s => s.GetProperty("topic").GetString() == "cases");
        Assert.Equal("pubsub", cases.GetProperty("pubsubName").GetString());
        var rules = cases.GetProperty("routes").GetProperty("rules").EnumerateArray().ToList();
        Assert.All(rules, r => Assert.Equal("events/cases", r.GetProperty("path").GetString()!.TrimStart('/')));
        Assert.Contains(rules, r => r.GetProperty("match").GetString() == "event.type == \"vn.tthc.case.received.v1\"");
        Assert.Contains(rules, r => r.GetProperty("match").GetString() == "event.type == \"vn.tthc.case.decided.v1\"");
        Assert.DoesNotContain(rules, r => r.GetProperty("match").GetString()!.Contains("case.transferred"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("officer")]
    [InlineData("province")]
    public async Task An_event_from_anyone_but_the_relay_is_a_401_and_changes_nothing(string? role)
    {
        await using var factory = new ReportingFactory();
        var client = role is null ? factory.CreateClient() : factory.CreateClient().WithToken(role, role == "officer" ? ReportingFactory.Unit : null);

        var forged = await client.PostAsync("/events/cases", Envelope(Received()));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(0, await ReceivedOnlineInMarchAsync(factory.CreateClient()));
        // The same event from the relay counts: the refusal was about the sender.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().WithToken("service").PostAsync("/events/cases", Envelope(Received()))).StatusCode);
        Assert.Equal(1, await ReceivedOnlineInMarchAsync(factory.CreateClient()));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-token", HttpStatusCode.Unauthorized)]
    [InlineData("sidecar-secret", HttpStatusCode.OK)]
    public async Task With_dapr_only_the_sidecars_app_api_token_is_taken(string? token, HttpStatusCode expected)
    {
        await using var factory = new ReportingFactory();
        factory.Settings["Messaging:Transport"] = "dapr";
        factory.Settings["Messaging:AppApiToken"] = "sidecar-secret";
        var client = factory.CreateClient().WithToken("service"); // a service token is not the sidecar's credential
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("dapr-api-token", token);
        }

        var response = await client.PostAsync("/events/cases", Envelope(Received()));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, await ReceivedOnlineInMarchAsync(factory.CreateClient()));
    }

    [Fact]
    public async Task An_event_delivered_twice_counts_once()
    {
        await using var factory = new ReportingFactory();
        var client = factory.CreateClient().WithToken("service");
        var received = Received();

        var first = await client.PostAsync("/events/cases", Envelope(received));
        var second = await client.PostAsync("/events/cases", Envelope(received));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await ReceivedOnlineInMarchAsync(factory.CreateClient()));
    }

    [Fact]
    public async Task A_handler_that_fails_three_times_is_not_acknowledged_and_counts_once_when_it_succeeds()
    {
        await using var factory = new ReportingFactory();
        var flaky = new FlakyHandler.State { FailuresLeft = 3 };
        var client = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton(flaky);
            services.AddScoped<FactHandlers>();
            services.AddScoped<IIntegrationEventHandler<CaseReceived>, FlakyHandler>();
        })).CreateClient().WithToken("service");
        var received = Received();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostAsync("/events/cases", Envelope(received))).StatusCode);
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError,
            HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(1, await ReceivedOnlineInMarchAsync(client));
    }

    [Fact]
    public async Task A_batch_is_applied_in_one_go_skipping_events_already_handled()
    {
        await using var factory = new ReportingFactory();
        var client = factory.CreateClient().WithToken("service");
        var first = Received();
        var second = Received() with { Id = Guid.CreateVersion7(), CaseCode = $"{ReportingFactory.Unit}-260302-0002" };
        var third = Received() with { Id = Guid.CreateVersion7(), CaseCode = $"{ReportingFactory.Unit}-260302-0003" };
        await client.PostAsync("/events/cases", Envelope(first));

        var batch = new StringContent(
            JsonSerializer.Serialize(new[] { first, second, third, second }.Select(e => CloudEvent.From(e, "tthc/cases")), CloudEvent.Json),
            Encoding.UTF8, CloudEvent.BatchMediaType);
        var response = await client.PostAsync("/events/cases", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, await ReceivedOnlineInMarchAsync(factory.CreateClient()));
    }

    [Fact]
    public async Task Decided_refused_stopped_and_withdrawn_dossiers_are_counted_and_leave_the_pending()
    {
        await using var factory = new ReportingFactory();
        var client = factory.CreateClient().WithToken("service");
        var at = new DateTimeOffset(2026, 3, 5, 3, 0, 0, TimeSpan.Zero);
        CloudEvent Wrap(Contracts.IntegrationEvents.IntegrationEvent e) => CloudEvent.From(e, "tthc/cases");
        var events = new[]
        {
            Wrap(Received() with { Id = Guid.CreateVersion7(), CaseCode = "a" }),
            Wrap(Received() with { Id = Guid.CreateVersion7(), CaseCode = "b" }),
            Wrap(Received() with { Id = Guid.CreateVersion7(), CaseCode = "c" }),
            Wrap(Received() with { Id = Guid.CreateVersion7(), CaseCode = "d" }),
            Wrap(new CaseDecided { OccurredAt = at, CaseCode = "a", UnitCode = ReportingFactory.Unit, ResponsibleUnitCode = ReportingFactory.Unit,
                DecidedAt = at, DueAt = at.AddDays(-2), Timeliness = Tthc.Contracts.Timeliness.Late, WorkingDaysLate = 2 }),
            Wrap(new CaseRefused { OccurredAt = at, CaseCode = "b", UnitCode = ReportingFactory.Unit, Reason = "r" }),
            Wrap(new CaseStopped { OccurredAt = at, CaseCode = "c", UnitCode = ReportingFactory.Unit, Reason = "s" }),
            Wrap(new CaseWithdrawn { OccurredAt = at, CaseCode = "d", UnitCode = ReportingFactory.Unit, Reason = "w" }),
        };

        var response = await client.PostAsync("/events/cases",
            new StringContent(JsonSerializer.Serialize(events, CloudEvent.Json), Encoding.UTF8, CloudEvent.BatchMediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await client.WithToken("province").GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=calendar-month&year=2026&number=3");
        var total = report.GetProperty("total");
        Assert.Equal(1, total.GetProperty("resolvedLate").GetInt64());
        Assert.Equal(1, total.GetProperty("refused").GetInt64());
        Assert.Equal(1, total.GetProperty("stopped").GetInt64());
        Assert.Equal(1, total.GetProperty("withdrawn").GetInt64());
        Assert.Equal(0, total.GetProperty("pending").GetInt64());
    }

    /// <summary>
    /// A refused dossier that was overdue, with its apology issued the day after: a late-apology pair. Two appointment
    /// changes arriving in one batch, the later first, take the pair away and give it back: it stays stored.
    /// </summary>
    [Fact]
    public async Task A_late_apology_pair_taken_away_and_given_back_in_one_batch_stays_stored()
    {
        await using var factory = new ReportingFactory();
        DateTimeOffset Vn(int day) => new(2026, 3, day, 9, 0, 0, TimeSpan.FromHours(7));
        const string code = "r1";
        await factory.DeliverAsync(
        [
            Received() with { CaseCode = code, ReceivedAt = Vn(2), DueAt = Vn(10) },
            new CaseRefused { OccurredAt = Vn(20), CaseCode = code, UnitCode = ReportingFactory.Unit, Reason = "Không đủ điều kiện" },
            new ApologyIssued
            {
                OccurredAt = Vn(21), ApologyId = Guid.NewGuid(), CaseCode = code, UnitCode = ReportingFactory.Unit, Number = "01/PXL",
                NewAppointmentDate = new DateOnly(2026, 3, 24), IssuedLate = true, OriginalDueAt = Vn(10),
            },
        ]);

        IntegrationEvent[] batch =
        [
            new CaseSupplementReceived { OccurredAt = Vn(9), CaseCode = code, UnitCode = ReportingFactory.Unit, DueAt = Vn(25) },
            new CaseDueRecomputed { OccurredAt = Vn(9), CaseCode = code, UnitCode = ReportingFactory.Unit, PreviousDueAt = Vn(25), DueAt = Vn(10) },
        ];
        var response = await factory.CreateClient().WithToken("service").PostAsync("/events/cases", new StringContent(
            JsonSerializer.Serialize(batch.Select(e => CloudEvent.From(e, "tthc/cases")), CloudEvent.Json), Encoding.UTF8, CloudEvent.BatchMediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingService::Tthc.Reporting.Data.ReportingDbContext>();
        var pair = Assert.Single(db.LateApologies.Where(p => p.CaseCode == code));
        Assert.Equal((new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 21)), (pair.DecidedOn, pair.ApologyOn));
    }

    [Fact]
    public async Task An_event_of_a_type_the_service_does_not_handle_is_acknowledged_without_effect()
    {
        await using var factory = new ReportingFactory();
        var transferred = new CaseTransferred
        {
            OccurredAt = factory.Clock.GetUtcNow(), CaseCode = "x", UnitCode = ReportingFactory.Unit,
            FromUnitCode = ReportingFactory.Unit, ToUnitCode = ReportingFactory.OtherUnit, StepDueAt = factory.Clock.GetUtcNow().AddDays(3),
        };

        var response = await factory.CreateClient().WithToken("service").PostAsync("/events/cases", new StringContent(
            JsonSerializer.Serialize(CloudEvent.From(transferred, "tthc/cases"), CloudEvent.Json), Encoding.UTF8, CloudEvent.MediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_a_cloud_event_is_a_400_problem()
    {
        await using var factory = new ReportingFactory();

        var response = await factory.CreateClient().WithToken("service").PostAsync("/events/cases", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Throws while its shared state says so, then does the real work.</summary>
    private sealed class FlakyHandler(FlakyHandler.State state, FactHandlers inner) : IIntegrationEventHandler<CaseReceived>
    {
        public sealed class State
        {
            public int FailuresLeft;
        }

        public Task HandleAsync(CaseReceived integrationEvent, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref state.FailuresLeft) >= 0
                ? throw new InvalidOperationException("the database is having a bad day")
                : inner.HandleAsync(integrationEvent, cancellationToken);
    }
}
