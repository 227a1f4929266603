using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Tthc.Gateway.Tests;

/// <summary>
/// X-Forwarded-* goes only where it is read: the web app takes the client's address and scheme from it, the services
/// read none of it and get none, not even a client's own.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task A_service_gets_no_forwarded_headers_and_the_web_app_gets_the_clients_address_and_scheme()
    {
        await using var service = await RecordingBackend.StartAsync();
        await using var web = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", service).SendingTo("web", web);
        var services = gateway.ConfigureServices;
        gateway.ConfigureServices = s =>
        {
            services?.Invoke(s);
            s.AddSingleton<IStartupFilter, ClientAddress>(); // the in-memory server has no client address of its own
        };
        var client = gateway.CreateClient();

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17");
        read.Headers.Add("X-Forwarded-For", "198.51.100.1"); // a client's own claim
        read.Headers.Add("Forwarded", "for=198.51.100.1;proto=https"); // the same in RFC 7239's words
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read)).StatusCode);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu");
        page.Headers.Add("X-Forwarded-For", "198.51.100.1");
        page.Headers.Add("Forwarded", "for=198.51.100.1");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(page)).StatusCode);

        Assert.DoesNotContain(service.LastHeaders!.Keys, name => name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));
        Assert.False(service.LastHeaders.ContainsKey("Forwarded"));
        Assert.Equal(ClientAddress.Value.ToString(), web.LastHeaders!["X-Forwarded-For"].ToString()); // the gateway's word, not the client's
        Assert.Equal("http", web.LastHeaders["X-Forwarded-Proto"].ToString());
        Assert.False(web.LastHeaders.ContainsKey("Forwarded"));
    }

    [Fact]
    public async Task A_route_that_turns_forwarding_off_still_passes_none_of_the_clients_claims()
    {
        await using var service = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", service);
        gateway.Settings["ReverseProxy:Routes:calendar-read:Transforms:0:X-Forwarded"] = "Off";
        var client = gateway.CreateClient();

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17");
        read.Headers.Add("X-Forwarded-For", "198.51.100.1");
        read.Headers.Add("X-Forwarded-Host", "evil.example");
        read.Headers.Add("Forwarded", "for=198.51.100.1");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(read)).StatusCode);

        Assert.DoesNotContain(service.LastHeaders!.Keys, name => name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));
        Assert.False(service.LastHeaders.ContainsKey("Forwarded"));
    }

    private sealed class ClientAddress : IStartupFilter
    {
        public static readonly IPAddress Value = IPAddress.Parse("203.0.113.9");

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = Value;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
