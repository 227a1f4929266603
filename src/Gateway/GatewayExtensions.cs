using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Tthc.Gateway;

internal static class GatewayExtensions
{
    /// <summary>Rate-limiter policy for the unauthenticated <c>/public/**</c> routes, per client address.</summary>
    public const string PublicRateLimit = "public";

    public const string RequestIdHeader = "X-Request-Id";

    public static void AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddTthcAuthentication();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            // A backend that is down must fail fast: a refused or silent connect is a 503 within seconds, not a hang.
            .ConfigureHttpClient((_, handler) => handler.ConnectTimeout = TimeSpan.FromSeconds(5))
            .AddTransforms(transforms =>
            {
                transforms.AddRequestTransform(PropagateTraceContext);
                // X-Forwarded-* only on the routes that ask for it in their transforms (the web app's, whose forwarded-
                // headers middleware reads the client's address and scheme). The services read none of them: four
                // headers written, sent and parsed on every call for nothing. Elsewhere — a route that says nothing, or
                // "X-Forwarded": "Off" — a client's own are removed, and its RFC 7239 Forwarded with them: no backend
                // ever sees an address the gateway did not write. One transform that looks for them among the client's
                // headers, rather than YARP's five that each remove one from every proxied request.
                if (!transforms.RequestTransforms.Any(t => t is RequestHeaderXForwardedForTransform or RequestHeaderXForwardedHostTransform
                        or RequestHeaderXForwardedProtoTransform or RequestHeaderXForwardedPrefixTransform))
                {
                    transforms.UseDefaultForwarders = false;
                    transforms.AddRequestTransform(RemoveClientsForwardedHeaders);
                }
            });
        // YARP brings DataProtection (for session-affinity cookies, which no route here uses) and its key-ring warm-up.
        builder.Services.WithoutKeyRingWarmUp();

        var permitsPerMinute = builder.Configuration.GetValue("RateLimits:PublicPermitsPerMinute", 120);
        var citizenWritesPerHour = builder.Configuration.GetValue("RateLimits:CitizenWritesPerHour", 60);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.WriteProblemAsync(new()
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = $"Vui lòng thử lại sau {seconds} giây / Please try again in {seconds} seconds.",
                });
            };
            // A citizen's own submissions and changes (online intake, feedback) are limited per person, whatever the
            // address: a script with one account cannot flood a unit's desk. Staff and reads are not limited here —
            // and UseGateway skips the limiter for reads outside a policy's routes, so a limit on reads goes there too.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsWrite(http.Request) && http.User.IsInRole(TthcRoles.Citizen)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        $"citizen:{http.User.FindFirst(TthcClaims.Subject)?.Value ?? http.Connection.RemoteIpAddress?.ToString()}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = citizenWritesPerHour,
                        Window = TimeSpan.FromHours(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(PublicRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                PublicClient(http),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permitsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        // Behind the cluster's ingress (or a province's load balancer) every connection comes from the proxy: the client's
        // address and scheme are in the X-Forwarded-For/-Proto it writes, believed from the networks named here only.
        // The rate limits then count each citizen, not the ingress, and the web app learns the client came over HTTPS
        // (its cookies are HTTPS-only outside Development). Empty (the default): the gateway is the edge itself.
        var trusted = builder.Configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in trusted)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"Gateway:TrustedProxies: '{network}' is not a network (CIDR, e.g. 10.0.0.0/8)."));
            }
        });

        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(RequestIdHeader)));
    }

    /// <summary>
    /// Who a public call counts against: the caller's address, or — for the web app, which calls on behalf of every
    /// citizen from one address — the citizen's, which it names beside its service token (nobody else's header counts).
    /// </summary>
    public static string PublicClient(HttpContext http) =>
        http.User.IsInRole(TthcRoles.Service) && http.Request.Headers[TthcHeaders.ClientAddress].ToString() is { Length: > 0 and <= 45 } address
            ? "for:" + address
            : http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static WebApplication UseGateway(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseProblemResponses(WriteBackendUnavailableProblemAsync,
            onException: static context => context.Response.Headers[RequestIdHeader] = RequestIdOf(context));
        app.Use(PropagateRequestId);
        var bodyLimit = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>()
            .Value.Limits.MaxRequestBodySize;
        app.Use((context, next) => RefuseDeclaredOversizedBodies(context, next, bodyLimit));
        app.UseCorsWithoutRequestScope();
        app.UseBearerAuthentication();
        app.UseAuthorizationWhereAsked();
        // The limiter only where it may refuse: a write (the global limiter counts a citizen's) or a route with a
        // policy (the public pages). For any other read it would hand out a no-limit lease, at a cost per request.
        app.UseWhen(context => IsWrite(context.Request) || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null,
            branch => branch.UseRateLimiter());
        return app;
    }

    private static bool IsWrite(HttpRequest request) => !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);

    /// <summary>
    /// The trace context a backend receives: the gateway's span for the request as its parent. A client's trace headers
    /// are removed and written again from that span, which continues the client's trace and carries its
    /// <c>tracestate</c> and <c>baggage</c> on, while the sampled flag is the gateway's own decision (its budget for
    /// callers' traces): a client cannot make every service keep its trace. The gateway's HttpClient makes no span per
    /// proxied call (<c>System.Net.Http.EnableActivityPropagation</c> is off in its runtimeconfig, and in its tests'):
    /// that span, a second one per request, was ≈ a tenth of the gateway's processor time per request (README,
    /// gateway); the backend's span beneath the gateway's shows the call, and the request's own duration its time.
    /// </summary>
    public static ValueTask PropagateTraceContext(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        var propagator = DistributedContextPropagator.Current;
        RemoveWhereTheClientSentThem(context, propagator.Fields);

        // No span (nothing listens, as in a host without telemetry): the backend starts a trace of its own.
        if (Activity.Current is { } activity)
        {
            propagator.Inject(activity, headers, static (carrier, name, value) =>
                ((System.Net.Http.Headers.HttpHeaders)carrier!).TryAddWithoutValidation(name, value));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Headers naming a client's address, scheme, host or path as a proxy saw them: only the gateway says these. The
    /// X-Original-* are what the forwarded-headers middleware keeps when it believed a trusted proxy (its address).
    /// </summary>
    private static readonly string[] ForwardedHeaderNames = ["X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix", "Forwarded",
        "X-Original-For", "X-Original-Proto"];

    /// <summary>Removes a client's own <c>X-Forwarded-*</c> and <c>Forwarded</c> headers from the proxied request.</summary>
    private static ValueTask RemoveClientsForwardedHeaders(RequestTransformContext context)
    {
        RemoveWhereTheClientSentThem(context, ForwardedHeaderNames);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Removes the named headers from the proxied request where the client sent them (the proxied request starts as a
    /// copy of the client's headers). Asking the client's headers is a lookup in Kestrel's; removing from the proxied
    /// request parses each name again, for headers almost no request has.
    /// </summary>
    private static void RemoveWhereTheClientSentThem(RequestTransformContext context, IReadOnlyCollection<string> names)
    {
        var sent = context.HttpContext.Request.Headers;
        foreach (var name in names)
        {
            if (sent.ContainsKey(name))
            {
                context.ProxyRequest.Headers.Remove(name);
            }
        }
    }

    /// <summary>
    /// <c>UseCors()</c>, with the policy provider taken once rather than from each request's services: ASP.NET Core's
    /// middleware asks for it per request, which opens a service scope for every request — most of them without an
    /// origin, for which CORS does nothing (≈ 3% of the bytes the gateway allocated per anonymous read). The middleware is
    /// the same, so an endpoint's CORS policy still applies and is still marked as handled.
    /// </summary>
    private static IApplicationBuilder UseCorsWithoutRequestScope(this IApplicationBuilder app) =>
        app.Use(next =>
        {
            var services = app.ApplicationServices;
            var cors = new CorsMiddleware(next, services.GetRequiredService<ICorsService>(), services.GetRequiredService<ILoggerFactory>());
            var policies = services.GetRequiredService<ICorsPolicyProvider>(); // DefaultCorsPolicyProvider: reads the options only
            return context => cors.Invoke(context, policies);
        });

    /// <summary>
    /// The proxy's bare 502 for an unreachable backend becomes a problem document: 503 (or 504 when the backend stopped
    /// answering), so a client knows to retry; a client's body that broke off or was too large is its own 400 or 413.
    /// gRPC calls keep the proxy's status, which their clients map to UNAVAILABLE. Asked by the problem responses for an
    /// error that has not started (<see cref="UseGateway"/>), rather than by a middleware of its own in the proxy's
    /// pipeline that every proxied request awaited through.
    /// </summary>
    public static async Task<bool> WriteBackendUnavailableProblemAsync(HttpContext context)
    {
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return false;
        }

        context.Response.Clear();
        context.Response.Headers[RequestIdHeader] = RequestIdOf(context); // the answer most worth quoting keeps its id
        if (error.Error == ForwarderError.RequestBodyClient)
        {
            // The client's body broke off or was too large: its error, not the backend's.
            await WriteBodyRefusedAsync(context,
                Causes(error.Exception).OfType<BadHttpRequestException>().FirstOrDefault()?.StatusCode ?? StatusCodes.Status400BadRequest);
            return true;
        }

        var unavailable = error.Error == ForwarderError.RequestTimedOut
            ? StatusCodes.Status504GatewayTimeout
            : StatusCodes.Status503ServiceUnavailable;
        context.Response.StatusCode = unavailable;
        context.Response.Headers.RetryAfter = "5";
        await context.WriteProblemAsync(new()
        {
            Status = unavailable,
            Detail = "Dịch vụ đang tạm ngừng, vui lòng thử lại sau ít phút / " +
                     "The service behind this address is not reachable; please retry shortly.",
        });
        return true;
    }

    /// <summary>The problem for a request body the gateway will not pass on: too large (413) or unreadable (400).</summary>
    private static async Task WriteBodyRefusedAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        await context.WriteProblemAsync(new()
        {
            Status = status,
            Detail = status == StatusCodes.Status413PayloadTooLarge
                ? "Nội dung yêu cầu quá lớn / the request body is too large."
                : "Nội dung yêu cầu không đọc được / the request body could not be read.",
        });
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    /// <summary>
    /// A body whose declared length is past the gateway's limit is refused here, 413, before a service is asked. The
    /// gateway would fail to read it anyway, but only once it had sent the request on: when the service's own 413 came
    /// back first, the gateway had begun passing that answer to the client, and the failed body then cut the client's
    /// response short instead (System tests, 5 December). A body without a length (chunked) is still counted as it
    /// comes. The limit is the request's own (Kestrel's, <c>Kestrel:Limits:MaxRequestBodySize</c>), or the configured
    /// one where the server gives none (the tests' in-memory server).
    /// </summary>
    private static Task RefuseDeclaredOversizedBodies(HttpContext context, Func<Task> next, long? configured) =>
        context.Request.ContentLength is { } length
        && (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? configured) is { } limit
        && length > limit
            ? WriteBodyRefusedAsync(context, StatusCodes.Status413PayloadTooLarge)
            : next();

    /// <summary>
    /// Every request gets an id the client can quote, and the backends see the same one: the client's own (up to 128
    /// characters), passed on as it came, or else the request's trace id, which a backend has already in the trace
    /// context the gateway sends (<c>traceparent</c>) and its logs carry — sent a second time as a header, it was a
    /// header written, encoded and parsed on every call for nothing. Without a trace (telemetry off) the id goes as a
    /// header.
    /// </summary>
    private static Task PropagateRequestId(HttpContext context, Func<Task> next)
    {
        var headers = context.Request.Headers;
        var id = headers[RequestIdHeader].ToString();
        if (!IsClientsRequestId(id))
        {
            var trace = Activity.Current;
            id = trace?.TraceId.ToHexString() ?? context.TraceIdentifier;
            if (trace is null)
            {
                headers[RequestIdHeader] = id;
            }
            else if (headers.ContainsKey(RequestIdHeader))
            {
                headers.Remove(RequestIdHeader); // a client's empty or over-long id is not passed on
            }
        }

        context.Response.Headers[RequestIdHeader] = id;
        return next();
    }

    private static bool IsClientsRequestId(string id) => id.Length is > 0 and <= 128;

    /// <summary>
    /// A request's id as <see cref="PropagateRequestId"/> gave it, found again for an answer that lost it: the gateway's
    /// own refusal of a request before it ran (a NUL in the query) or its own failure, which the exception handler
    /// writes on a cleared response.
    /// </summary>
    private static string RequestIdOf(HttpContext context) =>
        context.Request.Headers[RequestIdHeader].ToString() is var id && IsClientsRequestId(id)
            ? id
            : Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
}
