using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;

namespace Tthc.Gateway.Tests;

/// <summary>
/// The trace headers a backend receives. The gateway's HttpClient makes no span per proxied call (its runtimeconfig,
/// and this test assembly's, switch <c>System.Net.Http.EnableActivityPropagation</c> off), so the gateway writes them.
/// </summary>
public sealed class TraceContextTests
{
    [Fact]
    public void The_gateway_runs_without_an_HttpClient_span_per_proxied_call()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tthc.Gateway.runtimeconfig.json")));

        Assert.False(config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
            .GetProperty("System.Net.Http.EnableActivityPropagation").GetBoolean());
    }

    [Fact]
    public async Task A_backend_sees_the_clients_trace_continued_under_the_gateways_span()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", backend);
        var clientTrace = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17");
        request.Headers.Add("traceparent", $"00-{clientTrace}-{clientSpan}-01");
        request.Headers.Add("tracestate", "vendor=client");

        var response = await gateway.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = backend.LastHeaders!;
        var parts = seen.TraceParent.ToString().Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(clientTrace.ToHexString(), parts[1]); // the client's trace, continued
        Assert.NotEqual(clientSpan.ToHexString(), parts[2]); // under the gateway's span, not the client's
        Assert.Equal("vendor=client", seen.TraceState.ToString()); // the trace's state travels with it
    }

    [Fact]
    public async Task A_clients_trace_headers_are_replaced_by_the_current_span()
    {
        using var listener = ListenToAll();
        using var source = new ActivitySource("Tthc.Gateway.Tests.TraceContext");
        using var span = source.StartActivity("request")!;
        span.AddBaggage("unit", "000.00.15.H15");
        var (client, proxied) = Sent(("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), ("baggage", "client=1"));

        await GatewayExtensions.PropagateTraceContext(new RequestTransformContext { HttpContext = client, ProxyRequest = proxied });

        Assert.Equal(span.Id, proxied.Headers.GetValues("traceparent").Single());
        Assert.Equal("unit=000.00.15.H15", proxied.Headers.GetValues("baggage").Single().Replace(" ", "")); // "unit = …", as .NET writes it
    }

    [Fact]
    public async Task Without_a_span_a_clients_trace_headers_are_not_passed_on()
    {
        Activity.Current = null;
        var (client, proxied) = Sent(("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), ("tracestate", "vendor=client"));

        await GatewayExtensions.PropagateTraceContext(new RequestTransformContext { HttpContext = client, ProxyRequest = proxied });

        // A client's sampled flag does not pass the gateway's budget: the backend starts a trace of its own.
        Assert.False(proxied.Headers.Contains("traceparent"));
        Assert.False(proxied.Headers.Contains("tracestate"));
    }

    [Fact]
    public async Task The_request_id_a_backend_sees_is_its_trace_id_or_the_clients_own()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = new GatewayFactory().SendingTo("cases", backend);
        var client = gateway.CreateClient();

        var generated = await client.GetAsync("/api/calendar/lunar?date=2026-02-17");
        var id = generated.Headers.GetValues("X-Request-Id").Single();
        var seen = backend.LastHeaders!;
        Assert.Equal(id, seen.TraceParent.ToString().Split('-')[1]); // the trace the backend's logs carry
        Assert.False(seen.ContainsKey("X-Request-Id")); // not sent twice

        using var overLong = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17");
        overLong.Headers.Add("X-Request-Id", new string('x', 129));
        id = (await client.SendAsync(overLong)).Headers.GetValues("X-Request-Id").Single();
        Assert.Equal(id, backend.LastHeaders!.TraceParent.ToString().Split('-')[1]);
        Assert.False(backend.LastHeaders.ContainsKey("X-Request-Id"));

        using var quoted = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17");
        quoted.Headers.Add("X-Request-Id", "abc-123");
        Assert.Equal("abc-123", (await client.SendAsync(quoted)).Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("abc-123", backend.LastHeaders!["X-Request-Id"].ToString());
    }

    /// <summary>A client's request with these headers, and the proxied request YARP starts from: a copy of them.</summary>
    private static (HttpContext Client, HttpRequestMessage Proxied) Sent(params (string Name, string Value)[] headers)
    {
        var client = new DefaultHttpContext();
        var proxied = new HttpRequestMessage(HttpMethod.Get, "http://cases/api/calendar/lunar");
        foreach (var (name, value) in headers)
        {
            client.Request.Headers[name] = value;
            proxied.Headers.TryAddWithoutValidation(name, value);
        }

        return (client, proxied);
    }

    private static ActivityListener ListenToAll()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Tthc.Gateway.Tests.TraceContext",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
