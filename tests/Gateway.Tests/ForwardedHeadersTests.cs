using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Tthc.Gateway.Tests;

/// <summary>
/// X-Forwarded-* goes only where it is read: the web app takes the client's address and scheme from it, the services
/// read none of it and get none, not even a client's own. Behind a trusted ingress, the client is the one it names.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task A_service_gets_no_forwarded_headers_and_the_web_app_gets_the_clients_address_and_scheme()
    {
        await using var service = await RecordingBackend.StartAsync();
        await using var web = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", service).SendingTo("web", web);
        FromClientAddress(gateway);
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

    [Fact]
    public async Task Behind_a_trusted_ingress_the_client_is_the_one_it_names_for_the_web_app_and_the_rate_limits()
    {
        await using var service = await RecordingBackend.StartAsync();
        await using var web = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", service).SendingTo("web", web).SendingTo("apologies", service);
        gateway.Settings["Gateway:TrustedProxies:0"] = "203.0.113.0/24"; // the ingress (ClientAddress) is in it
        FromClientAddress(gateway);
        var client = gateway.CreateClient();
        async Task<HttpResponseMessage> SendAsync(string path, string forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-For", forwardedFor); // the client's own claim, then the ingress's word
            request.Headers.Add("X-Forwarded-Proto", "https");
            return await client.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/tra-cuu", "10.1.1.1, 192.0.2.44")).StatusCode);
        Assert.Equal("192.0.2.44", web.LastHeaders!["X-Forwarded-For"].ToString());
        Assert.Equal("https", web.LastHeaders["X-Forwarded-Proto"].ToString());

        // Public calls count per client the ingress names (three a minute here), not against the ingress.
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            first.Add((await SendAsync("/public/apologies", "192.0.2.44")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/public/apologies", "192.0.2.45")).StatusCode);
        Assert.DoesNotContain(service.LastHeaders!.Keys, name => name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("X-Original-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_peer_outside_the_trusted_networks_is_not_believed()
    {
        await using var web = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("web", web);
        gateway.Settings["Gateway:TrustedProxies:0"] = "10.0.0.0/8";
        FromClientAddress(gateway);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu");
        request.Headers.Add("X-Forwarded-For", "192.0.2.44");
        request.Headers.Add("X-Forwarded-Proto", "https");

        Assert.Equal(HttpStatusCode.OK, (await gateway.CreateClient().SendAsync(request)).StatusCode);
        Assert.Equal(ClientAddress.Value.ToString(), web.LastHeaders!["X-Forwarded-For"].ToString());
        Assert.Equal("http", web.LastHeaders["X-Forwarded-Proto"].ToString());
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_a_network_stops_the_start()
    {
        using var gateway = new GatewayFactory();
        gateway.Settings["Gateway:TrustedProxies:0"] = "the ingress";
        var refused = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("Gateway:TrustedProxies", refused.ToString());
    }

    private static void FromClientAddress(GatewayFactory gateway)
    {
        var services = gateway.ConfigureServices;
        gateway.ConfigureServices = s =>
        {
            services?.Invoke(s);
            s.AddSingleton<IStartupFilter, ClientAddress>(); // the in-memory server has no client address of its own
        };
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
