using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tthc.Tests;

namespace Tthc.Gateway.Tests;

/// <summary>The bearer scheme every service and the gateway authenticate with, on a bare host.</summary>
public sealed class BearerTokenHandlerTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(TestTokens.Settings);
        builder.AddTthcAuthentication();
        _app = builder.Build();
        _app.UseBearerAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/who", (ClaimsPrincipal user) => $"{user.Identity!.Name}|{user.IsInRole(TthcRoles.Officer)}|{user.FindFirst(TthcClaims.Unit)?.Value}")
            .RequireAuthorization(TthcPolicies.Staff);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> Get(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/who");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return _client.SendAsync(request);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("bearer ")]
    [InlineData("BEARER   ")]
    public async Task A_good_token_gives_the_subject_the_roles_and_the_claims_whatever_the_case_of_the_word(string prefix)
    {
        var response = await Get(prefix + TestTokens.For(TthcRoles.Officer, unit: "000.00.31.H56"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test-officer|True|000.00.31.H56", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearertoken")]
    public async Task Without_a_bearer_token_the_challenge_names_only_the_scheme(string? authorization)
    {
        var response = await Get(authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
    }

    // Token lifetimes are checked against the wall clock, not a test clock: the tokens here are made on it too.
    private static DateTime WallClock => TimeProvider.System.GetUtcNow().UtcDateTime;

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { TestTokens.For(TthcRoles.Officer, expires: WallClock.AddMinutes(-5)), "The token is expired" },
        { TestTokens.For(TthcRoles.Officer, signingKey: "another-key-that-is-long-enough-0123456789abcdef"), "The signature" },
        { "not.a.token", "The token is malformed" },
        { "a", "The token is malformed" },
        { new string('x', 5000), "The token is malformed" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_refused_token_is_a_401_saying_why_in_fixed_words(string token, string reason)
    {
        var response = await Get("Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.GetValues("WWW-Authenticate"));
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"" + reason, challenge);
        Assert.Matches("^Bearer error=\"invalid_token\", error_description=\"[A-Za-z ]+\"$", challenge);
    }

    [Fact]
    public async Task Nothing_of_a_refused_token_reaches_the_challenge_header()
    {
        // Signed with the right key, but from an issuer whose name would break the header if it were echoed.
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "evil\"\r\nX-Injected: yes",
            Audience = TestTokens.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "x"), new Claim("role", TthcRoles.Officer)]),
            Expires = WallClock.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)), SecurityAlgorithms.HmacSha256),
        });

        var response = await Get("Bearer " + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"The issuer is invalid\"",
            Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        Assert.False(response.Headers.Contains("X-Injected"));
    }

    [Fact]
    public async Task A_good_token_without_the_role_is_forbidden()
    {
        var response = await Get("Bearer " + TestTokens.For(TthcRoles.Citizen));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("not an address", "absolute")]
    [InlineData("ftp://id.example.vn", "absolute")]
    [InlineData("http://id.example.vn/realms/tthc", "https")]
    public void An_authority_that_cannot_be_trusted_stops_the_start(string authority, string reason)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection([new("Jwt:Authority", authority)]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddTthcAuthentication());
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void An_authority_on_http_is_allowed_in_development_only()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection([new("Jwt:Authority", "http://localhost:8080/realms/tthc")]);

        builder.AddTthcAuthentication();
    }
}
