using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>
/// A subscriber on Kestrel with the services' request limits (256 KiB): a relay's full batch of 500 events is larger,
/// and is taken from the trusted transport; the same bytes from anyone else are refused before they are read. Its
/// handler keeps a read model as the services' handlers do, to show what a batch's handlers see of each other's work.
/// </summary>
public sealed class DeliveryLimitTests : IAsyncLifetime
{
    private const string Credential = "relay";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tthc-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRequestLimits();
        builder.Services.AddDbContext<InboxDb>(o => o.UseTthcSqlite($"Data Source={Path.Combine(_folder, "subscriber.db")}"));
        builder.AddMessagingBasics();
        builder.Services.AddIntegrationEventHandler<CaseReceived, Counting>();
        _app = builder.Build();
        using (var scope = _app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<InboxDb>().Database.EnsureCreated();
        }

        // Stands in for the services' JWT handler: the relay's calls carry the service role.
        _app.Use((http, next) =>
        {
            if (http.Request.Headers.Authorization == $"Bearer {Credential}")
            {
                http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                    [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, MessagingOptions.ServiceRole)], "test"));
            }

            return next(http);
        });
        _app.MapEventSubscriptions<InboxDb>();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static HttpContent Batch(int count)
    {
        var events = Enumerable.Range(1, count).Select(i => CloudEvent.From(new CaseReceived
        {
            OccurredAt = DateTimeOffset.UnixEpoch, CaseCode = $"000.00.15.H15-260302-{i:D4}", UnitCode = "000.00.15.H15", ProcedureCode = "1.009994",
            ResponsibleUnitCode = "000.00.15.H15", Channel = IntakeChannel.Counter, ReceivedAt = DateTimeOffset.UnixEpoch, DueAt = DateTimeOffset.UnixEpoch,
        }, "tthc/cases")).ToList();
        var content = new StringContent(JsonSerializer.Serialize(events, CloudEvent.Json), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.BatchMediaType);
        return content;
    }

    [Fact]
    public async Task A_full_batch_from_the_relay_is_taken_though_it_is_larger_than_a_request_may_be()
    {
        using var batch = Batch(new MessagingOptions().MaxEventsPerRequest);
        Assert.True((await batch.ReadAsByteArrayAsync()).Length > ServiceDefaultsLimit);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/cases") { Content = batch };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credential);
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var scope = _app.Services.CreateScope();
        Assert.Equal(500, await scope.ServiceProvider.GetRequiredService<InboxDb>().Set<InboxMessage>().CountAsync());
    }

    [Fact]
    public async Task A_batch_that_is_not_cloud_events_is_refused_with_a_problem_and_nothing_kept()
    {
        var good = await Batch(3).ReadAsStringAsync();
        foreach (var body in (string[])["[", "{}", good.Replace("\"time\"", "\"tijd\""), good[..^1] + ",7]"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/events/cases")
            {
                Content = new StringContent(body, Encoding.UTF8, CloudEvent.BatchMediaType),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credential);
            using var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var scope = _app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<InboxDb>().Set<InboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Handlers_see_what_earlier_events_of_the_batch_added_and_their_changes_to_stored_rows_are_kept()
    {
        // Change detection is off while a batch's handlers run (SaveChanges detects once): a new row is still found by
        // the next event, and a stored row a handler changes (the second delivery's tally) is still saved.
        for (var delivery = 0; delivery < 2; delivery++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/events/cases") { Content = Batch(3) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Credential);
            using var response = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InboxDb>();
        Assert.Equal(6, (await db.Set<Tally>().SingleAsync()).Received);
    }

    [Fact]
    public async Task The_same_bytes_from_anyone_else_are_refused_unread()
    {
        using var response = await _client.PostAsync("/events/cases", Batch(500));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static long ServiceDefaultsLimit => Microsoft.Extensions.Hosting.Extensions.DefaultMaxRequestBodySize;

    private sealed class InboxDb(DbContextOptions<InboxDb> options) : DbContext(options)
    {
        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.UseSortableInstants();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.AddInbox();
            modelBuilder.Entity<Tally>().HasKey(t => t.UnitCode);
        }
    }

    private sealed class Tally
    {
        public required string UnitCode { get; init; }

        public int Received { get; set; }
    }

    /// <summary>Counts receipts per unit the way the services' handlers keep a read model: tracked first, then stored, else new.</summary>
    private sealed class Counting(InboxDb db) : IIntegrationEventHandler<CaseReceived>
    {
        public async Task HandleAsync(CaseReceived e, CancellationToken cancellationToken)
        {
            var tally = db.Set<Tally>().Local.FirstOrDefault(t => t.UnitCode == e.UnitCode)
                ?? await db.Set<Tally>().SingleOrDefaultAsync(t => t.UnitCode == e.UnitCode, cancellationToken);
            if (tally is null)
            {
                db.Add(tally = new Tally { UnitCode = e.UnitCode });
            }

            tally.Received++;
        }
    }
}
