using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Tthc service API has: tokens checked, OpenAPI, gRPC with health and reflection.</summary>
public static class ApiExtensions
{
    /// <summary>
    /// Authentication, OpenAPI documents, a gRPC server whose health mirrors the service's checks, and the heap given
    /// back when the service goes quiet (<see cref="IdleMemoryTrimmer"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceApiDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdleMemoryTrimmer(builder.Configuration);
        builder.AddTthcAuthentication();
        builder.Services.AddOpenApi();
        // No catch-all for unknown gRPC services: its route, "{service}/{method}" for any method, took every two-segment
        // REST path (/api/cases) with it, so a DELETE or a text/plain POST there was a 404 rather than a 405 or 415. A
        // gRPC client still hears Unimplemented for a service nobody serves (its HTTP 404 maps to that status).
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.IgnoreUnknownServices = true;
        });
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>
    /// Problem responses, authentication, <c>/openapi/v1.json</c>, the Scalar UI in Development, and gRPC health and
    /// reflection (every gRPC server has both, in every environment).
    /// </summary>
    public static WebApplication UseServiceApiDefaults(this WebApplication app)
    {
        app.UseProblemResponses();
        app.Use(ReadWholeBodyFirst);
        app.UseBearerAuthentication();
        app.UseAuthorizationWhereAsked();

        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            MapApiReferencePage(app);
        }

        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// The Scalar page, in a method of its own: compiled only when called, so a process in any other environment does
    /// not load Scalar's assembly at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapApiReferencePage(WebApplication app) => app.MapScalarApiReference();

    /// <summary>
    /// A REST request over HTTP/2 (the gateway's, on one connection shared by every request) is read whole before it is
    /// answered. Answered early — a 401 or 403 before its body came — the stream is reset to stop the body, and the
    /// gateway, still copying the client's body, drops the client's connection instead of passing the answer on. Bodies
    /// are small (256 KiB at most; larger is the usual 413); gRPC calls stream and are left alone.
    /// </summary>
    private static async Task ReadWholeBodyFirst(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (HttpProtocol.IsHttp2(request.Protocol)
            && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            request.EnableBuffering();
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            request.Body.Position = 0;
        }

        await next();
    }
}
