using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Tthc.Tests;

namespace Tthc.Gateway.Tests;

/// <summary>The gateway in process, with every backend pointing at a port where nothing listens.</summary>
public class GatewayFactory : ServiceFactory<Program>
{
    public GatewayFactory()
    {
        foreach (var cluster in new[] { "cases", "apologies", "reporting", "feedback", "notifications", "cases-grpc", "reporting-grpc" })
        {
            Settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = "http://127.0.0.1:9";
        }

        Settings["RateLimits:PublicPermitsPerMinute"] = "3";
        Settings["RateLimits:CitizenWritesPerHour"] = "2";
        // The gateway issues development tokens and the token handler checks them against the wall clock: it keeps it.
        ConfigureServices = services => services.AddSingleton(TimeProvider.System);
    }

    protected override string Environment => "Development";

    /// <summary>The cluster's requests go to a stand-in, over cleartext HTTP/2 as the gateway reaches the services.</summary>
    internal GatewayFactory SendingTo(string cluster, RecordingBackend backend)
    {
        Settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = backend.Address;
        Settings[$"ReverseProxy:Clusters:{cluster}:HttpRequest:Version"] = "2";
        Settings[$"ReverseProxy:Clusters:{cluster}:HttpRequest:VersionPolicy"] = "RequestVersionExact";
        return this;
    }
}

public sealed class ProductionGatewayFactory : GatewayFactory
{
    protected override string Environment => "Production";
}

public sealed class GatewayTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public void DataProtection_does_not_read_a_key_ring_at_start() =>
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(),
            service => service.GetType().FullName == AuthenticationExtensions.KeyRingWarmUp);

    [Fact]
    public async Task A_development_token_carries_the_role_and_unit_asked_for()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/dev/token", new { role = "officer", unit = "000.00.15.H15" });

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("officer", token.GetClaim("role").Value);
        Assert.Equal("000.00.15.H15", token.GetClaim("unit").Value);
        Assert.Equal("tthc", token.Issuer);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task A_leaders_development_token_carries_the_name_and_title_their_letters_print()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/dev/token",
            new { role = "leader", unit = "000.00.15.H15", name = "Lê Văn Thành", title = "Phó Giám đốc" });

        var token = new JsonWebToken((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal(("Lê Văn Thành", "Phó Giám đốc"), (token.GetClaim("name").Value, token.GetClaim("title").Value));
    }

    [Theory]
    [InlineData("""{"role":"mayor"}""", "role")]
    [InlineData("""{"role":"officer"}""", "unit")]
    [InlineData("""{"role":"officer","unit":"this-is-not-a-unit-code"}""", "unit")]
    // Services sign their own calls; a person never gets their role.
    [InlineData("""{"role":"service"}""", "role")]
    [InlineData("""{"role":"leader","unit":"000.00.15.H15","name":""}""", "name")]
    public async Task A_bad_token_request_is_a_400_naming_the_field(string json, string field)
    {
        var response = await factory.CreateClient().PostAsync("/dev/token",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_protected_route_without_a_token_is_a_401_problem_and_never_reaches_the_backend()
    {
        var response = await factory.CreateClient().GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Chưa xác thực / Authentication required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_declared_past_the_limit_is_a_413_problem_and_never_reaches_the_backend()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var own = new GatewayFactory().SendingTo("cases", backend);
        var client = own.CreateClient().WithToken("officer", "000.00.15.H15");
        var body = new StringContent($"{{\"procedureCode\":\"{new string('x', 300 * 1024)}\"}}", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/cases", body);
        var small = await client.PostAsJsonAsync("/api/cases", new { procedureCode = "1.009994" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Nội dung quá lớn / Content too large", problem.GetProperty("title").GetString());
        Assert.Equal("Nội dung yêu cầu quá lớn / the request body is too large.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(1, backend.Requests); // the small one only
    }

    [Fact]
    public async Task Only_a_request_with_a_token_is_authenticated_and_a_bad_one_is_still_refused()
    {
        await using var own = new GatewayFactory();
        var handled = 0;
        // The scheme's handler comes from the request's services when they hold one: count each one made.
        own.ConfigureServices = services => services.AddTransient(provider =>
        {
            Interlocked.Increment(ref handled);
            return ActivatorUtilities.CreateInstance<BearerTokenHandler>(provider);
        });
        var client = own.CreateClient();

        // An anonymous read passes without the token handler; a protected route still challenges the bearer scheme.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var anonymous = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(1, handled); // the challenge, nothing before it

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        forged.Headers.Authorization = new("Bearer", "not.a.token");
        var refused = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Bearer_only_authentication_refuses_a_host_with_another_scheme()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(TestTokens.Settings);
        builder.AddTthcAuthentication();
        builder.Services.AddAuthentication().AddCookie();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseBearerAuthentication());
        Assert.Contains("Cookies", error.Message);
    }

    [Fact]
    public async Task A_browser_on_an_allowed_origin_may_call_across_origins_and_others_get_no_permission()
    {
        await using var own = new GatewayFactory();
        own.Settings["Cors:AllowedOrigins:0"] = "https://cong.example.gov.vn";
        var client = own.CreateClient();
        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/cases");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await client.SendAsync(request);
        }

        var allowed = await PreflightAsync("https://cong.example.gov.vn");
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://cong.example.gov.vn", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False((await PreflightAsync("https://elsewhere.example")).Headers.Contains("Access-Control-Allow-Origin"));

        // The answer itself lets the page read the request id; without an origin there is nothing to allow.
        using var call = new HttpRequestMessage(HttpMethod.Get, "/health");
        call.Headers.Add("Origin", "https://cong.example.gov.vn");
        var answered = await client.SendAsync(call);
        Assert.Equal("https://cong.example.gov.vn", answered.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Request-Id", answered.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.False((await client.GetAsync("/health")).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_token_from_dev_token_is_accepted_by_the_gateway()
    {
        var client = factory.CreateClient();
        var token = (await (await client.PostAsJsonAsync("/dev/token", new { role = "province" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.GetAsync("/api/reports/tthc");

        // Past authentication, on to the (absent) backend.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task A_backend_that_is_down_gives_a_503_problem_quickly()
    {
        var client = factory.CreateClient().WithToken("officer", "000.00.15.H15");
        var clock = Stopwatch.StartNew();

        var response = await client.GetAsync("/api/apologies");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("Retry-After"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Catalogue_reads_need_no_token_but_catalogue_changes_do()
    {
        var client = factory.CreateClient();

        var read = await client.GetAsync("/api/procedures");
        var change = await client.PostAsJsonAsync("/api/procedures", new { code = "1.000001" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, change.StatusCode);
    }

    [Fact]
    public async Task The_web_app_calls_for_each_citizen_under_their_own_limit_and_nobody_else_can_name_one()
    {
        await using var own = new GatewayFactory();
        async Task<HttpStatusCode> AsAsync(HttpClient client, string citizen)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/public/apologies");
            request.Headers.Add(Microsoft.Extensions.Hosting.TthcHeaders.ClientAddress, citizen);
            return (await client.SendAsync(request)).StatusCode;
        }

        // The web app (a service token) names the citizen: each has the three calls a minute, whatever the web app's address.
        var web = own.CreateClient().WithToken("service");
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add(await AsAsync(web, "203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, first[..3]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await AsAsync(web, "203.0.113.8"));

        // Anyone else's header is ignored: the calls count against their own address, however many they name.
        var stranger = own.CreateClient();
        var named = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            named.Add(await AsAsync(stranger, $"198.51.100.{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, named[^1]);
    }

    [Fact]
    public async Task Public_pages_are_rate_limited_per_client_with_a_429_problem()
    {
        // A factory of its own: the limit counts per client address, and every test client shares one.
        await using var own = new GatewayFactory();
        var client = own.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/public/apologies?unit=000.00.15.H15")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable,
            HttpStatusCode.TooManyRequests], statuses);
        var rejected = await client.GetAsync("/public/apologies");
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.True(rejected.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_citizens_writes_are_limited_per_person_and_staff_writes_are_not()
    {
        await using var own = new GatewayFactory();
        async Task<HttpStatusCode> PostAsync(string role, string? unit) =>
            (await own.CreateClient().WithToken(role, unit).PostAsJsonAsync("/api/cases", new { })).StatusCode;

        // Two per hour for a citizen here: the third is refused before it reaches Cases (which is down: 503).
        var citizen = new[] { await PostAsync("citizen", null), await PostAsync("citizen", null), await PostAsync("citizen", null) };
        var officer = new[] { await PostAsync("officer", "000.00.15.H15"), await PostAsync("officer", "000.00.15.H15"), await PostAsync("officer", "000.00.15.H15") };

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests], citizen);
        Assert.All(officer, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_keeps_the_callers()
    {
        var client = factory.CreateClient();

        var generated = await client.GetAsync("/api/cases");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Add("X-Request-Id", "abc-123");
        var kept = await client.SendAsync(request);

        Assert.False(string.IsNullOrEmpty(generated.Headers.GetValues("X-Request-Id").Single()));
        Assert.Equal("abc-123", kept.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task The_gateway_reports_healthy()
    {
        Assert.Equal("Healthy", await factory.CreateClient().GetStringAsync("/health"));
    }
}

public sealed class ProductionGatewayTests(ProductionGatewayFactory factory) : IClassFixture<ProductionGatewayFactory>
{
    [Fact]
    public async Task Dev_token_does_not_exist_outside_development()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/dev/token", new { role = "province" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_and_liveness_answer_in_production_too()
    {
        var client = factory.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
    }
}
