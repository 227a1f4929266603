using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Yarp.ReverseProxy.Forwarder;

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
            .ConfigureHttpClient((_, handler) => handler.ConnectTimeout = TimeSpan.FromSeconds(5));
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
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = $"Vui lòng thử lại sau {seconds} giây / Please try again in {seconds} seconds.",
                    },
                });
            };
            // A citizen's own submissions and changes (online intake, feedback) are limited per person, whatever the
            // address: a script with one account cannot flood a unit's desk. Staff and reads are not limited here.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && http.User.IsInRole(TthcRoles.Citizen)
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
        app.UseProblemResponses();
        app.Use(PropagateRequestId);
        app.UseCorsWithoutRequestScope();
        app.UseBearerAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
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
    /// Replaces the proxy's bare 502 for an unreachable backend with a problem document: 503 (or 504 when the backend
    /// stopped answering), so a client knows to retry. gRPC calls keep the proxy's answer, which their clients map to
    /// UNAVAILABLE.
    /// </summary>
    public static void UseBackendUnavailableProblems(this IReverseProxyApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted ||
                context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
            {
                return;
            }

            context.Response.Clear();
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (error.Error == ForwarderError.RequestBodyClient)
            {
                // The client's body broke off or was too large: its error, not the backend's.
                var status = Causes(error.Exception).OfType<BadHttpRequestException>().FirstOrDefault()?.StatusCode ?? StatusCodes.Status400BadRequest;
                context.Response.StatusCode = status;
                await problems.WriteAsync(new()
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = status,
                        Detail = status == StatusCodes.Status413PayloadTooLarge
                            ? "Nội dung yêu cầu quá lớn / the request body is too large."
                            : "Nội dung yêu cầu không đọc được / the request body could not be read.",
                    },
                });
                return;
            }

            var unavailable = error.Error == ForwarderError.RequestTimedOut
                ? StatusCodes.Status504GatewayTimeout
                : StatusCodes.Status503ServiceUnavailable;
            context.Response.StatusCode = unavailable;
            context.Response.Headers.RetryAfter = "5";
            await problems.WriteAsync(new()
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = unavailable,
                    Detail = "Dịch vụ đang tạm ngừng, vui lòng thử lại sau ít phút / " +
                             "The service behind this address is not reachable; please retry shortly.",
                },
            });
        });

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    // Every request gets an id the client can quote, and the backends see the same one.
    private static Task PropagateRequestId(HttpContext context, Func<Task> next)
    {
        var id = context.Request.Headers[RequestIdHeader].ToString();
        if (string.IsNullOrEmpty(id) || id.Length > 128)
        {
            id = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            context.Request.Headers[RequestIdHeader] = id;
        }

        context.Response.Headers[RequestIdHeader] = id;
        return next();
    }
}
