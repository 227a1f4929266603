extern alias CasesService;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Tests;
using CasesDbContext = CasesService::Tthc.Cases.Data.CasesDbContext;
using Dossier = CasesService::Tthc.Cases.Domain.Dossier;
using IntakeChannel = Tthc.Contracts.IntakeChannel;

namespace Tthc.Cases.Tests;

public sealed class CasesFactory : ServiceFactory<CasesService::Program>
{
    /// <summary>Cases on <see cref="TestClock.Start"/> (xunit makes class fixtures with this one constructor).</summary>
    public CasesFactory()
    {
    }

    private CasesFactory(DateTimeOffset clockStart) : base(clockStart)
    {
    }

    /// <summary>Cases whose clock starts at <paramref name="clockStart"/>, for a test written against particular days.</summary>
    public static CasesFactory At(DateTimeOffset clockStart) => new(clockStart);

    public const string Unit = "000.00.15.H15";
    public const string OtherUnit = "000.00.16.H15";

    private int _seeded;

    private static readonly Tthc.Calendar.WorkingCalendar Calendar = new(Tthc.Calendar.YearSchedule.Shipped);

    /// <summary>The <paramref name="n"/>-th working day after the clock's today, from the shipped calendar's data.</summary>
    public DateOnly WorkingDayAfterToday(int n)
    {
        var day = Today;
        for (var found = 0; found < n;)
        {
            day = day.AddDays(1);
            found += Calendar.IsWorkingDay(day) ? 1 : 0;
        }

        return day;
    }

    /// <summary>The first day after the clock's today that is no working day (a weekend not worked, or a holiday).</summary>
    public DateOnly DayOffAfterToday()
    {
        var day = Today.AddDays(1);
        while (Calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The CloudEvent types written to the outbox for a dossier, in order.</summary>
    public async Task<List<string>> OutboxTypesAsync(string code)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Set<Tthc.Messaging.OutboxMessage>()
            .Where(m => m.Subject == code).OrderBy(m => m.Sequence).Select(m => m.Type).ToListAsync();
    }

    /// <summary>A dossier received at a unit's counter through the API (a house permit by default); its code.</summary>
    public async Task<string> ReceiveAsync(string unit = "000.00.31.H15", string procedure = "1.009994", params string[] components)
    {
        var response = await CreateClient().WithToken("officer", unit).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = procedure, unitCode = unit, channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An" }, components = components.Length > 0 ? components : ["don", "gcn-dat", "ban-ve"],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>The dossier as the service stored it.</summary>
    public async Task<Dossier> StoredAsync(string code)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
    }

    /// <summary>Adds dossiers straight into the service's database, as if received.</summary>
    public async Task<List<string>> SeedAsync(string unit, int count, DateTimeOffset? dueAt = null, DateTimeOffset? watchAt = null)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        var received = new DateTimeOffset(2026, 2, 12, 2, 0, 0, TimeSpan.Zero);
        var first = _seeded + 1;
        _seeded += count;
        var dossiers = Enumerable.Range(first, count).Select(i => new Dossier
        {
            Code = $"{unit}-260212-{i:D4}",
            UnitCode = unit,
            ProcedureCode = "1.009994",
            Channel = IntakeChannel.Counter,
            ApplicantName = "Nguyễn Văn A",
            ReceivedAt = received,
            ProcessingDays = 5,
            ResponsibleUnitCode = unit,
        }).ToList();
        db.Dossiers.AddRange(dossiers);
        foreach (var dossier in dossiers)
        {
            // Rows as a test needs them, whatever the calendar would say: only the dossier's methods change these in the service.
            db.Entry(dossier).Property(d => d.DueAt).CurrentValue = dueAt ?? received.AddDays(10);
            db.Entry(dossier).Property(d => d.NextWatchAt).CurrentValue = watchAt;
        }

        await db.SaveChangesAsync();
        return dossiers.ConvertAll(d => d.Code);
    }
}

public sealed class CasesApiTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Without_a_token_the_list_is_a_401_problem()
    {
        await using var factory = new CasesFactory();
        var response = await factory.CreateClient().GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Chưa xác thực / Authentication required", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            TestTokens.For("officer", CasesFactory.Unit, signingKey: "some-other-key-that-is-long-enough-0123456789"));

        var response = await client.GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_citizen_may_not_list_dossiers()
    {
        await using var factory = new CasesFactory();
        var response = await factory.CreateClient().WithToken("citizen").GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_officer_sees_the_dossiers_of_their_own_unit_only()
    {
        await using var factory = new CasesFactory();
        var mine = await factory.SeedAsync(CasesFactory.Unit, 2);
        await factory.SeedAsync(CasesFactory.OtherUnit, 3);

        var page = await factory.CreateClient().WithToken("officer", CasesFactory.Unit)
            .GetFromJsonAsync<JsonElement>("/api/cases");

        var codes = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Equal(mine.AsEnumerable().Reverse(), codes);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task An_officer_asking_for_another_units_dossiers_is_forbidden()
    {
        await using var factory = new CasesFactory();
        var response = await factory.CreateClient().WithToken("officer", CasesFactory.Unit)
            .GetAsync($"/api/cases?unit={CasesFactory.OtherUnit}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_province_pages_through_every_dossier_by_cursor_without_gaps_or_repeats()
    {
        await using var factory = new CasesFactory();
        var all = (await factory.SeedAsync(CasesFactory.Unit, 4)).Concat(await factory.SeedAsync(CasesFactory.OtherUnit, 3)).ToList();
        var client = factory.CreateClient().WithToken("province");

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/cases?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(all.AsEnumerable().Reverse(), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_parameters_are_a_400_naming_the_parameter(string query, string parameter)
    {
        await using var factory = new CasesFactory();
        var response = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).GetAsync($"/api/cases?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task A_dossier_shows_whether_it_is_overdue()
    {
        await using var factory = new CasesFactory();
        var late = (await factory.SeedAsync(CasesFactory.Unit, 1, dueAt: factory.Clock.GetUtcNow().AddHours(-1)))[0];
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        var dossier = await client.GetFromJsonAsync<JsonElement>($"/api/cases/{late}", Json);

        Assert.Equal(late, dossier.GetProperty("code").GetString());
        Assert.True(dossier.GetProperty("overdue").GetBoolean());
        Assert.Equal("counter", dossier.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Another_units_dossier_and_an_unknown_code_are_both_404_problems()
    {
        await using var factory = new CasesFactory();
        var theirs = (await factory.SeedAsync(CasesFactory.OtherUnit, 1))[0];
        var client = factory.CreateClient().WithToken("officer", CasesFactory.Unit);

        foreach (var code in new[] { theirs, "000.00.15.H15-260212-9999" })
        {
            var response = await client.GetAsync($"/api/cases/{code}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_service_is_healthy_once_its_schema_is_migrated()
    {
        await using var factory = new CasesFactory();
        var client = factory.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "cases.db")));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_cases_api()
    {
        await using var factory = new CasesFactory();
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/cases/{code}", out _));
    }
}
