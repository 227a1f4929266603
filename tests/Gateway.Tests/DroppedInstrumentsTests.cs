using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;

namespace Tthc.Gateway.Tests;

/// <summary>Per-request instruments that answer nothing the request durations do not are not listened to at all.</summary>
public sealed class DroppedInstrumentsTests
{
    [Fact]
    public void Per_request_instruments_that_add_nothing_are_off_and_the_durations_and_requests_in_flight_on()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear(); // the shared defaults, not the gateway's settings beside the tests
        builder.ConfigureOpenTelemetry();
        // What the OTLP exporter is in the app: a reader, without which nothing is listened to at all.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddReader(new BaseExportingMetricReader(new NoExport())));
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<MeterProvider>(); // the provider starts listening when it is built

        using var pool = new Meter("Microsoft.AspNetCore.MemoryPool");
        using var routing = new Meter("Microsoft.AspNetCore.Routing");
        using var limiter = new Meter("Microsoft.AspNetCore.RateLimiting");
        using var hosting = new Meter("Microsoft.AspNetCore.Hosting");
        using var client = new Meter("System.Net.Http");
        using var kestrel = new Meter("Microsoft.AspNetCore.Server.Kestrel");
        using var authentication = new Meter("Microsoft.AspNetCore.Authentication");
        using var authorization = new Meter("Microsoft.AspNetCore.Authorization");

        Assert.False(pool.CreateCounter<long>("aspnetcore.memory_pool.rented").Enabled);
        Assert.False(pool.CreateUpDownCounter<long>("aspnetcore.memory_pool.pooled").Enabled);
        Assert.False(routing.CreateCounter<long>("aspnetcore.routing.match_attempts").Enabled);
        Assert.False(limiter.CreateHistogram<double>("aspnetcore.rate_limiting.request_lease.duration").Enabled);
        Assert.False(limiter.CreateUpDownCounter<long>("aspnetcore.rate_limiting.active_request_leases").Enabled);
        Assert.False(client.CreateUpDownCounter<long>("http.client.active_requests").Enabled);
        Assert.False(kestrel.CreateUpDownCounter<long>("kestrel.queued_requests").Enabled);
        Assert.False(authentication.CreateHistogram<double>("aspnetcore.authentication.authenticate.duration").Enabled);
        Assert.False(authorization.CreateCounter<long>("aspnetcore.authorization.attempts").Enabled);

        Assert.True(kestrel.CreateUpDownCounter<long>("kestrel.active_connections").Enabled);
        Assert.True(client.CreateUpDownCounter<long>("http.client.open_connections").Enabled);
        Assert.True(limiter.CreateCounter<long>("aspnetcore.rate_limiting.requests").Enabled);
        Assert.True(hosting.CreateHistogram<double>("http.server.request.duration").Enabled);
        Assert.True(hosting.CreateUpDownCounter<long>("http.server.active_requests").Enabled);
        Assert.True(client.CreateHistogram<double>("http.client.request.duration").Enabled);
    }

    [Fact]
    public void The_gateway_drops_the_duration_of_each_proxied_call_and_its_requests_in_flight_which_the_services_count()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")); // the gateway's
        builder.ConfigureOpenTelemetry();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddReader(new BaseExportingMetricReader(new NoExport())));
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<MeterProvider>();

        using var hosting = new Meter("Microsoft.AspNetCore.Hosting");
        using var client = new Meter("System.Net.Http");

        Assert.False(client.CreateHistogram<double>("http.client.request.duration").Enabled);
        Assert.False(hosting.CreateUpDownCounter<long>("http.server.active_requests").Enabled);
        Assert.True(client.CreateUpDownCounter<long>("http.client.open_connections").Enabled);
        Assert.True(hosting.CreateHistogram<double>("http.server.request.duration").Enabled);
    }

    [Fact]
    public void No_middleware_of_OpenTelemetrys_runs_in_front_of_every_request_and_the_trace_context_is_read_once()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.ConfigureOpenTelemetry();
        using var host = builder.Build();

        // AddAspNetCoreInstrumentation for metrics adds one on .NET 10 (error.type on a 5xx, beside its status code).
        Assert.DoesNotContain(host.Services.GetServices<IStartupFilter>(), filter => filter.GetType().Namespace!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        // Any other propagator has OpenTelemetry's instrumentation read the trace headers again after ASP.NET Core.
        Assert.IsType<TraceContextPropagator>(Propagators.DefaultTextMapPropagator);
    }

    private sealed class NoExport : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
