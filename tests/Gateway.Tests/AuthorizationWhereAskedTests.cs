using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tthc.Tests;

namespace Tthc.Gateway.Tests;

/// <summary>
/// <c>UseAuthorizationWhereAsked</c>, which the gateway and every service use: the authorization middleware runs for the
/// endpoints that ask for it and for no others, and for all of them where a fallback policy is set.
/// </summary>
public sealed class AuthorizationWhereAskedTests
{
    // What AuthorizationMiddleware leaves in a request's items whenever it runs for an endpoint (ASP.NET Core's own key).
    private const string Invoked = "__AuthorizationMiddlewareWithEndpointInvoked";

    private static async Task<WebApplication> StartAsync(Action<AuthorizationOptions>? authorization = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(TestTokens.Settings);
        builder.AddTthcAuthentication();
        if (authorization is not null)
        {
            builder.Services.Configure(authorization);
        }

        var app = builder.Build();
        app.UseBearerAuthentication();
        app.UseAuthorizationWhereAsked();
        string Seen(HttpContext context) => context.Items.ContainsKey(Invoked) ? "authorized" : "passed";
        app.MapGet("/open", Seen);
        app.MapGet("/anonymous", Seen).AllowAnonymous();
        app.MapGet("/staff", Seen).RequireAuthorization(TthcPolicies.Staff);
        app.MapGet("/both", Seen).RequireAuthorization().AllowAnonymous();
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Only_an_endpoint_that_asks_goes_through_authorization_and_its_answers_do_not_change()
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        var officer = app.GetTestClient().WithToken(TthcRoles.Officer, "000.00.15.H15");
        var citizen = app.GetTestClient().WithToken(TthcRoles.Citizen);

        Assert.Equal("passed", await client.GetStringAsync("/open"));
        Assert.Equal("passed", await client.GetStringAsync("/anonymous"));
        Assert.Equal("authorized", await client.GetStringAsync("/both"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/staff")).StatusCode);
        Assert.Equal("authorized", await officer.GetStringAsync("/staff"));
    }

    [Fact]
    public async Task With_a_fallback_policy_every_endpoint_goes_through_authorization()
    {
        await using var app = await StartAsync(options => options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var client = app.GetTestClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/open")).StatusCode);
        Assert.Equal("authorized", await client.GetStringAsync("/anonymous"));
        Assert.Equal("authorized", await app.GetTestClient().WithToken(TthcRoles.Citizen).GetStringAsync("/open"));
    }
}
