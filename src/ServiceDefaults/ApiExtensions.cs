using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Tthc service API has: tokens checked, OpenAPI, gRPC with health and reflection.</summary>
public static class ApiExtensions
{
    /// <summary>Authentication, OpenAPI documents, and a gRPC server whose health mirrors the service's checks.</summary>
    public static IHostApplicationBuilder AddServiceApiDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTthcAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = builder.Environment.IsDevelopment());
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
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
