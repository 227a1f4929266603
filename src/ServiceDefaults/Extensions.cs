using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Tthc process shares: telemetry, health, service discovery, resilience and problem details.
/// </summary>
public static class Extensions
{
    /// <summary>The readiness probe's path (every health check), in every environment.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>The liveness probe's path (the checks tagged "live"), in every environment.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Adds OpenTelemetry, health checks, service discovery, resilient HTTP clients and problem details.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddPersonalDataRedaction();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTthcProblemDetails();
        builder.AddRequestLimits();
        return builder;
    }

    /// <summary>The largest request body, unless <c>Kestrel:Limits:MaxRequestBodySize</c> says otherwise: 256 KiB.</summary>
    public const long DefaultMaxRequestBodySize = 256 * 1024;

    /// <summary>A service's limit on a request's headers, all of them and each one (unless configured): 64 KiB.</summary>
    public const int DefaultMaxServiceHeadersSize = 64 * 1024;

    /// <summary>
    /// Every request Tthc takes is small — one dossier, one apology, one event — so a body is at most
    /// <see cref="DefaultMaxRequestBodySize"/> (larger: a 413 problem) and JSON nests at most 16 deep (deeper: a 400).
    /// </summary>
    public static TBuilder AddRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var configured = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<long?>(builder.Configuration, "Kestrel:Limits:MaxRequestBodySize");
        var headers = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<int?>(builder.Configuration, "Kestrel:Limits:MaxRequestHeadersTotalSize");
        var headerField = Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<int?>(builder.Configuration, "Kestrel:Limits:Http2:MaxRequestHeaderFieldSize");
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = configured ?? DefaultMaxRequestBodySize;
            // The gateway takes at most Kestrel's 32 KiB of headers from a client (its own settings) and forwards them,
            // with a few of its own, over one HTTP/2 connection shared by every request to a service. Over HTTP/2 a
            // header block beyond the service's limits is an error of the whole connection, not of the request: the
            // services allow twice the gateway's, so one client's oversized headers cannot drop everyone's requests.
            kestrel.Limits.MaxRequestHeadersTotalSize = headers ?? DefaultMaxServiceHeadersSize;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = headerField ?? DefaultMaxServiceHeadersSize;
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.MaxDepth = 16;
            // Vietnamese as itself (UTF-8), not as \uXXXX escapes: shorter answers that read as written; characters
            // that mean something in HTML or script, and controls, are still escaped.
            json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        return builder;
    }

    /// <summary>
    /// Logs, metrics and traces; exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Besides the
    /// instruments no process needs (<see cref="Dropped"/>), a process drops those named in
    /// <c>Telemetry:DroppedInstruments</c> (the gateway: the duration of each proxied call, which its request's duration
    /// already covers, and its requests in flight, each of which is in flight at the service it went to and counted
    /// there, but for the microseconds of the gateway's own work).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // HttpClient and Polly write four or five Information lines per outgoing call (every event delivery, every
        // gRPC question): at load that is most of the logging, and traces already show each call. Warnings still show.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        var alsoDropped = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<string[]>(
            builder.Configuration.GetSection("Telemetry:DroppedInstruments")) ?? [];
        // The request's trace context is read once, by ASP.NET Core's own propagator (W3C: traceparent, tracestate and
        // baggage onto the request's activity). OpenTelemetry's default propagator is a composite, and for any propagator
        // but the plain trace-context one its ASP.NET Core instrumentation reads the same headers a second time on every
        // request, to the same context; nothing here uses OpenTelemetry's Baggage API (the gateway passes the activity's
        // baggage on itself).
        Sdk.SetDefaultTextMapPropagator(new OpenTelemetry.Context.Propagation.TraceContextPropagator());

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                // ASP.NET Core's meters, named rather than through AddAspNetCoreInstrumentation, which on .NET 10 also
                // puts a middleware in front of every request to tag a 5xx's duration with error.type — the status
                // code, already a tag of the same measurement (≈ 0.4 µs of every request, perf, README).
                .AddMeter(AspNetCoreMeters)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Tthc.*")
                .AddView(instrument => Dropped(instrument) || alsoDropped.Contains(instrument.Name)
                    ? MetricStreamConfiguration.Drop
                    : new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit(instrument) }))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Tthc.*")
                .AddAspNetCoreInstrumentation(o =>
                    // Probes every few seconds would bury the traces people look for.
                    o.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath) &&
                        !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .SetSampler(CreateTraceSampler(builder.Configuration)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// ASP.NET Core's meters that are listened to: every one OpenTelemetry's ASP.NET Core instrumentation names, except
    /// Kestrel's memory pool (<see cref="Dropped"/>).
    /// </summary>
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.AspNetCore.Components.Lifecycle", "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Identity",
    ];

    /// <summary>
    /// The most series (tag combinations) an instrument keeps before the rest are summed into one overflow series.
    /// OpenTelemetry's default, 2,000, is kept for the durations of requests served (method × route × status across a
    /// service's routes) and sent (the gateway's: method × status × backend); every other instrument here has a few
    /// tags of a few values each (a GC generation, an event type, a subscriber, a route's match), and a limit of 200
    /// frees ≈ 6 MB a process that the default's arrays hold from the start.
    /// </summary>
    public static int CardinalityLimit(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Name is "http.server.request.duration" or "http.client.request.duration" ? 2000 : 200;

    /// <summary>
    /// Instruments recorded at every request, call or buffer that tell nothing the request durations do not: Kestrel's
    /// memory pool (every rent and return of a buffer), routing's match attempts (the route, and a 404, are on
    /// <c>http.server.request.duration</c>), the rate limiter's lease durations and active leases (the request's own
    /// duration and <c>http.server.active_requests</c>), the calls in flight to other services (the service called
    /// counts them as its <c>http.server.active_requests</c>), the HTTP/2 requests waiting for Kestrel to start them
    /// (two recordings per request for what <c>http.server.active_requests</c> and the durations show), and the
    /// duration of each authentication and the count of authorization attempts (a 401 or a 403 is on the request's
    /// duration, by route). Dropped, nothing listens to them and they are not recorded at all: ≈ 3% of the gateway's
    /// processor time, and ≈ 4 µs of Cases' per dossier at intake (perf, README). The limiter's accepted and rejected
    /// counts, the durations of calls and requests, the requests in flight and the open connections stay.
    /// </summary>
    public static bool Dropped(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == "Microsoft.AspNetCore.MemoryPool"
        || instrument.Name is "aspnetcore.routing.match_attempts"
            or "aspnetcore.rate_limiting.request_lease.duration"
            or "aspnetcore.rate_limiting.active_request_leases"
            or "http.client.active_requests"
            or "kestrel.queued_requests"
            or "aspnetcore.authentication.authenticate.duration"
            or "aspnetcore.authorization.attempts";

    /// <summary>The most new traces a process keeps each second unless <c>Telemetry:TracesPerSecond</c> says otherwise.</summary>
    public const double DefaultTracesPerSecond = 10;

    /// <summary>
    /// Which traces are kept, decided here whatever <c>OTEL_TRACES_SAMPLER</c> says (the orchestrator sets it to keep
    /// everything): <c>Telemetry:TraceSampleRatio</c> (0–1) keeps that share of new traces; otherwise every new trace
    /// while they come slower than <c>Telemetry:TracesPerSecond</c> a second (10), and that many beyond
    /// (<see cref="TraceRateSampler"/>). A trace kept where it starts is kept whole across services; a process at the
    /// edge (<c>Telemetry:Edge</c>, the gateway) keeps the traces its callers keep within a budget of their own, so a
    /// client cannot have every request traced.
    /// </summary>
    public static Sampler CreateTraceSampler(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        Sampler root, forCallers;
        if (configuration["Telemetry:TraceSampleRatio"] is { Length: > 0 })
        {
            root = forCallers = new TraceIdRatioBasedSampler(Number(configuration, "Telemetry:TraceSampleRatio", 0, 1));
        }
        else
        {
            var perSecond = configuration["Telemetry:TracesPerSecond"] is { Length: > 0 }
                ? Number(configuration, "Telemetry:TracesPerSecond", TraceRateSampler.MinimumPerSecond, double.MaxValue)
                : DefaultTracesPerSecond;
            root = new TraceRateSampler(perSecond);
            forCallers = new TraceRateSampler(perSecond); // a budget of its own: callers' traces do not use up the new ones'
        }

        // At the edge a trace a caller says it keeps (the web app's, a client's) is kept within a budget of its own: the
        // web app's traces stay whole, and a client marking every request cannot have them all traced.
        return Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Telemetry:Edge", false)
            ? new ParentBasedSampler(root, remoteParentSampled: forCallers)
            : new ParentBasedSampler(root);
    }

    private static double Number(Microsoft.Extensions.Configuration.IConfiguration configuration, string key, double min, double max) =>
        double.TryParse(configuration[key], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
        && value >= min && value <= max
            ? value
            : throw new InvalidOperationException(max == double.MaxValue
                ? $"{key} must be a number from {min} up, not '{configuration[key]}'."
                : $"{key} must be a number from {min} to {max}, not '{configuration[key]}'.");

    /// <summary>A liveness check tagged <c>live</c>; readiness checks are added by each service.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only) in every environment: Kubernetes probes
    /// need them in production too. They reveal status words only, no details.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>
    /// Exception handler and status-code pages, so that every error response is a problem document. What a client sent
    /// wrong — an unparsable route or query value, a malformed, mistyped, too deep or too large body — is the client's
    /// error (4xx, with the reason), never the server's 500. <paramref name="ownProblem"/>, when given, is asked first
    /// about an error response that has not started (true: it answered). <paramref name="errorPage"/>, when given, is
    /// the path re-executed for an exception instead (the web app's HTML page, for a browser), with the same status.
    /// <paramref name="onException"/>, when given, writes what the host adds to an exception's answer before its problem
    /// (the exception handler clears the response, headers and all: the gateway's request id goes back on).
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app, Func<HttpContext, Task<bool>>? ownProblem = null, string? errorPage = null,
        Action<HttpContext>? onException = null)
    {
        if (errorPage is not null)
        {
            app.Use(AnswerWhenTheErrorPageFails);
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ClientErrorStatus,
            ExceptionHandlingPath = errorPage,
            ExceptionHandler = errorPage is not null ? null
                : onException is null ? ProblemDetailsExtensions.WriteExceptionProblemAsync
                : context =>
                {
                    onException(context);
                    return ProblemDetailsExtensions.WriteExceptionProblemAsync(context);
                },
        });
        app.Use(next => new ProblemResponsesMiddleware(next, ownProblem).Invoke);
        return app;
    }

    /// <summary>
    /// The last answer: when the error page itself fails (as the web app's did over plain http outside Development before
    /// it answered such requests itself: its HTTPS-only antiforgery cookie failed a page with a form, then the error page
    /// shown for it), the handler gives up and the server's answer was an empty 500 — a blank page. Here it is the status
    /// in words (or a problem document), as the gateway writes its own, with the security headers the page would have
    /// had. Both exceptions are already logged by the handler.
    /// </summary>
    private static async Task AnswerWhenTheErrorPageFails(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            context.Response.StatusCode = ClientErrorStatus(exception);
            // Clearing took the page's headers too: the words carry their own, loading nothing, framed by nobody.
            PublicPages.Protect(context.Response.Headers, "default-src 'none'; frame-ancestors 'none'");
            context.Response.Headers.CacheControl = "no-store";
            await context.WriteProblemAsync(new() { Status = context.Response.StatusCode }, exception);
        }
    }

    /// <summary>
    /// The status for an exception: what reading the request threw (an unparsable value, a malformed, too deep or too
    /// large body — the binder wraps them all) is the client's 4xx; anything else, even a JSON error from a stored
    /// column or another service's answer, stays the server's 500.
    /// </summary>
    public static int ClientErrorStatus(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
}
