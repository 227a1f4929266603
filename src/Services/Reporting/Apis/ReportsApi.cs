using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Apis;

public static class ReportsApi
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports")
            .WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province, TthcRoles.Platform));

        api.MapGet("/tthc", GetReport).WithName("GetReport")
            .WithSummary("Dossiers received, resolved and pending for a unit (or the province) in a period");
        return app;
    }

    public static async Task<Results<Ok<Report>, ValidationProblem, ForbidHttpResult>> GetReport(
        ClaimsPrincipal user, ReportingDbContext db, TimeProvider time,
        string? period, int? year = null, int? number = null, string? unit = null,
        CancellationToken cancellationToken = default)
    {
        var today = VietnamToday(time);
        if (!ReportPeriod.TryResolve(period, year ?? today.Year, number, today, out var resolved, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Parameter] = [error.Message] });
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await db.BuildReportAsync(unitCode, resolved, cancellationToken));
    }

    internal static DateOnly VietnamToday(TimeProvider time) =>
        DateOnly.FromDateTime(time.GetUtcNow().ToOffset(VietnamOffset).DateTime);
}
