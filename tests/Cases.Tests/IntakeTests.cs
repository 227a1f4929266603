extern alias CasesService;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Tthc.Messaging;
using Tthc.Tests;
using CasesDbContext = CasesService::Tthc.Cases.Data.CasesDbContext;

namespace Tthc.Cases.Tests;

public sealed class IntakeTests
{
    private const string District = "000.00.31.H15"; // receives house construction permits (1.009994, 15 days)

    private static object Permit(string channel = "counter", string[]? components = null, string name = "Nguyễn Văn An",
        string address = "12 Lê Duẩn, Buôn Ma Thuột") => new
    {
        procedureCode = "1.009994",
        unitCode = District,
        channel,
        applicant = new { fullName = name, idNumber = "066090001234", phone = "0905123456", email = "an@example.vn", address },
        components = components ?? ["don", "gcn-dat", "ban-ve"],
    };

    [Fact]
    public async Task An_officer_receives_a_dossier_with_its_code_appointment_and_receipt()
    {
        // Tuesday 1 December 2026, 10:00: a 15-day permit is due Tuesday 22 December, 11:30 (three weekends, no holiday).
        await using var factory = CasesFactory.At(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)));
        var client = factory.CreateClient().WithToken("officer", District);

        var response = await client.PostAsJsonAsync("/api/cases", Permit());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("code").GetString()!;
        Assert.Equal($"{District}-261201-0001", code);
        Assert.Equal($"/api/cases/{code}", response.Headers.Location?.ToString());
        var receipt = body.GetProperty("receipt");
        Assert.Equal("01", receipt.GetProperty("form").GetString());
        Assert.Equal("Ủy ban nhân dân thành phố Buôn Ma Thuột", receipt.GetProperty("receivingUnit").GetString());
        Assert.Equal("15 ngày làm việc", receipt.GetProperty("statutoryTime").GetString());
        Assert.Equal(3, receipt.GetProperty("components").GetArrayLength());

        // The appointment worked out by hand, and the dossier reads back the same.
        var receivedAt = body.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)), receivedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 11, 30, 0, TimeSpan.FromHours(7)), body.GetProperty("dueAt").GetDateTimeOffset());
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{code}");
        Assert.Equal(body.GetProperty("dueAt").GetDateTimeOffset(), stored.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(receivedAt, stored.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal("Received", stored.GetProperty("status").GetString());
        Assert.False(stored.GetProperty("overdue").GetBoolean());
        var row = await factory.StoredAsync(code);
        Assert.Equal(["don", "gcn-dat", "ban-ve"], row.Components);
        Assert.Equal(("Nguyễn Văn An", "066090001234", "0905123456", "an@example.vn"), (row.ApplicantName, row.ApplicantIdNumber, row.ApplicantPhone, row.ApplicantEmail));
        Assert.Equal((Tthc.Contracts.IntakeChannel.Counter, 15.0, District), (row.Channel, row.ProcessingDays, row.HoldingUnitCode ?? row.UnitCode));
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Equal("received", history.EnumerateArray().Single().GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_name_typed_with_combining_accents_is_kept_composed()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient().WithToken("officer", District);

        // "Nguyễn Thị Ánh" as a keyboard's decomposed Unicode ("tổ hợp") types it: e + circumflex + tilde, i + dot below.
        var response = await client.PostAsJsonAsync("/api/cases",
            Permit(name: "Nguye\u0302\u0303n Thi\u0323 A\u0301nh", address: "12 Le\u0302 Dua\u0302\u0309n, Buo\u0302n Ma Thuo\u0323\u0302t"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var stored = await factory.StoredAsync(code);
        Assert.Equal(("Nguyễn Thị Ánh", "12 Lê Duẩn, Buôn Ma Thuột"), (stored.ApplicantName, stored.ApplicantAddress));
    }

    [Fact]
    public async Task Everything_wrong_with_a_dossier_is_listed_in_one_422_problem()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient().WithToken("officer", District);

        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994",
            unitCode = District,
            channel = "fax",
            applicant = new { fullName = "", idNumber = "12ab", phone = "123" },
            components = new[] { "don", "selfie" },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["applicant.fullName", "applicant.idNumber", "applicant.phone", "channel", "components", "components.unknown"],
            errors.EnumerateObject().Select(e => e.Name).Order());
        var missing = errors.GetProperty("components").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(missing, m => m!.StartsWith("gcn-dat:"));
        Assert.Contains(missing, m => m!.StartsWith("ban-ve:"));
    }

    [Fact]
    public async Task A_replay_with_the_same_idempotency_key_returns_the_same_dossier()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient().WithToken("officer", District);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "counter-7-2026-03-02-001");

        var first = await (await client.PostAsJsonAsync("/api/cases", Permit())).Content.ReadFromJsonAsync<JsonElement>();
        var replay = await client.PostAsJsonAsync("/api/cases", Permit());
        var different = await client.PostAsJsonAsync("/api/cases", Permit(name: "Trần Thị Bình"));

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.GetProperty("code").GetString(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/cases");
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_idempotency_key_is_forgotten_after_its_retention_and_a_retry_then_makes_a_new_dossier()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient().WithToken("officer", District);
        client.DefaultRequestHeaders.Add("Idempotency-Key", "counter-7-2026-03-02-002");
        var first = (await (await client.PostAsJsonAsync("/api/cases", Permit())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var other = factory.CreateClient().WithToken("officer", District);
        other.DefaultRequestHeaders.Add("Idempotency-Key", "counter-7-2026-03-02-003"); // written now: kept
        (await other.PostAsJsonAsync("/api/cases", Permit(name: "Lê Văn Cường"))).EnsureSuccessStatusCode();

        // A week and a day later, for the first key only.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
            await db.IdempotencyRecords.Where(r => r.Key.EndsWith(":counter-7-2026-03-02-002"))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, factory.Clock.GetUtcNow().AddDays(-8)));
        }

        var forgotten = await factory.Services.GetRequiredService<CasesService::Tthc.Cases.Workers.IntakeWriter>().ForgetOldKeysAsync(CancellationToken.None);
        var retry = await (await client.PostAsJsonAsync("/api/cases", Permit())).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, forgotten);
        Assert.NotEqual(first, retry.GetProperty("code").GetString());
    }

    [Fact]
    public async Task One_statement_takes_the_numbers_of_several_unit_days_and_a_rollback_gives_them_back()
    {
        const string Province = "000.00.15.H15";
        await using var factory = new CasesFactory();
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var day = new DateOnly(2026, 3, 2);
        static KeyValuePair<(string Unit, DateOnly Day), int> Count(string unit, DateOnly day, int count) => new((unit, day), count);

        await using (var first = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(3, (await db.TakeCodeNumbersAsync([Count(District, day, 3)], CancellationToken.None))[(District, day)]);
            await first.CommitAsync();
        }

        await using (var abandoned = await db.Database.BeginTransactionAsync())
        {
            await db.TakeCodeNumbersAsync([Count(District, day, 5), Count(Province, day, 1)], CancellationToken.None);
            await abandoned.RollbackAsync();
        }

        await using var second = await db.Database.BeginTransactionAsync();
        var last = await db.TakeCodeNumbersAsync(
            [Count(District, day, 2), Count(District, day.AddDays(1), 1), Count(Province, day, 4)], CancellationToken.None);

        Assert.Equal(5, last[(District, day)]); // 3 + 2: the five rolled back were given back
        Assert.Equal(1, last[(District, day.AddDays(1))]);
        Assert.Equal(4, last[(Province, day)]);
    }

    [Fact]
    public async Task Codes_are_unique_and_gap_free_under_concurrent_intake()
    {
        await using var factory = new CasesFactory();
        _ = factory.Server; // start the one host before the parallel clients ask for it
        var codes = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            var response = await factory.CreateClient().WithToken("officer", District).PostAsJsonAsync("/api/cases", Permit(), ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            codes.Add((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString()!);
        });

        Assert.Equal(Enumerable.Range(1, 50), codes.Select(c => int.Parse(c[^4..])).Order());
    }

    [Fact]
    public async Task Citizens_submit_online_only_and_officers_receive_for_their_own_unit()
    {
        await using var factory = new CasesFactory();

        var citizenCounter = await factory.CreateClient().WithToken("citizen").PostAsJsonAsync("/api/cases", Permit("counter"));
        var citizenOnline = await factory.CreateClient().WithToken("citizen").PostAsJsonAsync("/api/cases", Permit("online"));
        var otherOfficer = await factory.CreateClient().WithToken("officer", "000.00.32.H15").PostAsJsonAsync("/api/cases", Permit());
        var anonymous = await factory.CreateClient().PostAsJsonAsync("/api/cases", Permit());

        Assert.Equal(HttpStatusCode.Forbidden, citizenCounter.StatusCode);
        Assert.Equal(HttpStatusCode.Created, citizenOnline.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_receipt_event_is_written_to_the_outbox_with_the_dossier_and_the_contact_for_notifications_alone()
    {
        await using var factory = new CasesFactory();
        var request = JsonSerializer.SerializeToElement(Permit());
        var body = await (await factory.CreateClient().WithToken("officer", District).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = District, channel = "counter", applicant = request.GetProperty("applicant"),
            components = request.GetProperty("components"), notify = new[] { "email", "SMS" },
        })).Content.ReadFromJsonAsync<JsonElement>();

        using var scope = factory.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Set<OutboxMessage>().OrderBy(m => m.Sequence).ToListAsync();
        Assert.Equal(["vn.tthc.case.received.v1", "vn.tthc.case.contact-given.v1"], rows.Select(r => r.Type));
        Assert.All(rows, r => Assert.Equal(body.GetProperty("code").GetString(), r.Subject));
        // The contact travels on a topic of its own, which only Notifications subscribes to; case.received carries none of it.
        Assert.Equal(("cases", "contacts"), (rows[0].Topic, rows[1].Topic));
        Assert.DoesNotContain("an@example.vn", rows[0].Envelope);
        var contact = JsonSerializer.Deserialize<CloudEvent>(rows[1].Envelope, CloudEvent.Json)!.Data;
        Assert.Equal(("an@example.vn", "0905123456", "Nguyễn Văn An"), (contact.GetProperty("email").GetString(), contact.GetProperty("phone").GetString(),
            contact.GetProperty("applicantName").GetString()));
        Assert.Equal(["email", "sms"], contact.GetProperty("notify").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(body.GetProperty("lookupSecret").GetString(), contact.GetProperty("lookupSecret").GetString());
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("notifyFrom").ValueKind);
    }

    [Theory]
    [InlineData("""["email"]""", null, "0905123456", "needs applicant.email")]
    [InlineData("""["sms"]""", "an@example.vn", null, "needs applicant.phone")]
    [InlineData("""["zalo","fax"]""", "an@example.vn", "0905123456", "among email, sms and zalo")]
    [InlineData("""[null]""", "an@example.vn", "0905123456", "among email, sms and zalo")]
    public async Task A_notice_channel_without_its_address_or_unknown_is_a_422_naming_notify(string notify, string? email, string? phone, string expected)
    {
        await using var factory = new CasesFactory();
        var response = await factory.CreateClient().WithToken("officer", District).PostAsync("/api/cases", JsonContent.Create(new
        {
            procedureCode = "1.009994", unitCode = District, channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An", phone, email },
            components = new[] { "don", "gcn-dat", "ban-ve" }, notify = JsonDocument.Parse(notify).RootElement,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(expected, Assert.Single(errors.GetProperty("notify").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_dossier_without_email_or_phone_tells_notifications_nothing()
    {
        await using var factory = new CasesFactory();
        await factory.CreateClient().WithToken("officer", District).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = District, channel = "counter", applicant = new { fullName = "Nguyễn Văn An" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });

        using var scope = factory.Services.CreateScope();
        Assert.Equal("vn.tthc.case.received.v1", (await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Set<OutboxMessage>().SingleAsync()).Type);
    }

    [Fact]
    public async Task The_catalogue_is_seeded_and_public()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient();

        var units = await client.GetFromJsonAsync<JsonElement>("/api/units");
        var procedures = await client.GetFromJsonAsync<JsonElement>("/api/procedures");
        var copies = await client.GetFromJsonAsync<JsonElement>("/api/procedures/2.000815");

        // The sample province of Data/Seed/catalogue.json: 1 province, 7 departments, 6 districts, 3 communes; 26 procedures.
        var kinds = units.EnumerateArray().GroupBy(u => u.GetProperty("kind").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["province"] = 1, ["department"] = 7, ["district"] = 6, ["commune"] = 3 }, kinds);
        Assert.Equal("000.00.00.H15", units[0].GetProperty("code").GetString()); // parents first
        Assert.Equal(26, procedures.GetArrayLength());
        Assert.True(copies.GetProperty("sameDay").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/procedures/9.999999")).StatusCode);
    }
}

/// <summary>The outbox of Cases behind its admin API, with a transport the test breaks and mends.</summary>
public sealed class OutboxAdminTests
{
    private static CasesFactory FactoryWith(FakeTransport transport, string? dataDirectory = null, int maxAttempts = 3)
    {
        var factory = new CasesFactory();
        factory.Settings["Messaging:MaxAttempts"] = maxAttempts.ToString();
        factory.Settings["Messaging:FirstRetryDelay"] = "00:00:00.020";
        factory.Settings["Messaging:PollInterval"] = "00:00:00.050";
        factory.Settings["Messaging:StuckAfter"] = "00:00:00.200";
        factory.Settings["Watch:Interval"] = "01:00:00"; // only the receipt's event, whatever the watch would add
        if (dataDirectory is not null)
        {
            factory.Settings["TTHC_DATA_DIR"] = dataDirectory;
        }

        factory.ConfigureServices = services => services.AddSingleton<IEventTransport>(transport);
        return factory;
    }

    private static Task<HttpResponseMessage> ReceiveAsync(CasesFactory factory) =>
        factory.CreateClient().WithToken("officer", "000.31.01.H15").PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "2.000815",
            unitCode = "000.31.01.H15",
            channel = "counter",
            applicant = new { fullName = "Lê Văn Cường" },
            components = new[] { "ban-chinh", "ban-sao" },
        });

    /// <summary>
    /// Moves the service's clock on by a second at a time (the relay's backoff and polling run on it) until the
    /// condition holds; gives up after 200 steps.
    /// </summary>
    private static async Task WaitUntilAsync(CasesFactory factory, Func<Task<bool>> condition)
    {
        for (var step = 0; !await condition(); step++)
        {
            Assert.True(step < 200, "the condition never held");
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20); // let the relay's background loop run
        }
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_listed_counted_and_redriven()
    {
        var transport = new FakeTransport { Broken = true };
        await using var factory = FactoryWith(transport);
        using var deadLettered = new MetricCollector<long>(
            factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MessagingMetrics.MeterName, "tthc.messaging.outbox.dead_lettered");
        var admin = factory.CreateClient().WithToken("province");
        var officer = factory.CreateClient().WithToken("officer", "000.31.01.H15");
        Assert.Equal(HttpStatusCode.Created, (await ReceiveAsync(factory)).StatusCode);

        await WaitUntilAsync(factory, async () =>
            (await admin.GetFromJsonAsync<JsonElement>("/api/cases/admin/outbox/dead-letters")).GetArrayLength() == 1);

        var letter = (await admin.GetFromJsonAsync<JsonElement>("/api/cases/admin/outbox/dead-letters"))[0];
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Equal("subscriber unavailable", letter.GetProperty("lastError").GetString());
        Assert.Equal(1, deadLettered.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(3, transport.Calls);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/cases/admin/outbox/dead-letters")).StatusCode);

        transport.Broken = false;
        var redrive = await admin.PostAsync($"/api/cases/admin/outbox/dead-letters/{letter.GetProperty("eventId").GetString()}/redrive", null);

        Assert.Equal(HttpStatusCode.Accepted, redrive.StatusCode);
        await WaitUntilAsync(factory, () => Task.FromResult(transport.Delivered.Count == 1));
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/cases/admin/outbox");
        Assert.Equal(0, state.GetProperty("deadLettered").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/cases/admin/outbox/dead-letters/nope/redrive", null)).StatusCode);
    }

    [Fact]
    public async Task An_event_committed_before_the_service_died_is_delivered_after_restart()
    {
        using var folder = new SharedDataFolder();
        var down = new FakeTransport { Broken = true };
        await using (var first = FactoryWith(down, folder.Path, maxAttempts: 100))
        {
            Assert.Equal(HttpStatusCode.Created, (await ReceiveAsync(first)).StatusCode);
        }

        var up = new FakeTransport();
        await using var second = FactoryWith(up, folder.Path);
        _ = second.Server; // start it: the relay runs in the background

        await WaitUntilAsync(second, () => Task.FromResult(up.Delivered.Any(m => m.Type == "vn.tthc.case.received.v1")));
        Assert.Single(up.Delivered, m => m.Type == "vn.tthc.case.received.v1");
    }

    [Fact]
    public async Task A_stuck_relay_turns_the_service_degraded()
    {
        var transport = new FakeTransport { Broken = true };
        await using var factory = FactoryWith(transport, maxAttempts: 100);
        Assert.Equal("Healthy", await factory.CreateClient().GetStringAsync("/health"));

        await ReceiveAsync(factory);
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // StuckAfter is 0.2 s

        Assert.Equal("Degraded", await factory.CreateClient().GetStringAsync("/health"));
    }

    /// <summary>Records deliveries; fails every send while <see cref="Broken"/>.</summary>
    public sealed class FakeTransport : IEventTransport
    {
        public ConcurrentQueue<OutboxMessage> Delivered { get; } = new();

        public volatile bool Broken;

        public int Calls;

        public Task SendAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            if (Broken)
            {
                throw new HttpRequestException("subscriber unavailable");
            }

            foreach (var message in messages)
            {
                Delivered.Enqueue(message);
            }

            return Task.CompletedTask;
        }
    }
}
