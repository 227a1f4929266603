using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tthc.Calendar;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;
using Tthc.Reporting.Exports;

namespace Tthc.Reporting.Apis;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports")
            .WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province, TthcRoles.Platform));

        api.MapGet("/tthc", GetReport).WithName("GetReport")
            .WithSummary("Dossiers received, resolved, pending and late for a unit with its sub-units (or the province) in a period; JSON, CSV or XLSX")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: ReportExport.XlsxContentType);
        api.MapGet("/compliance", GetCompliance).WithName("GetCompliance")
            .WithSummary("Units with late dossiers lacking an apology in a period, worst first")
            .RequireAuthorization(TthcPolicies.Platform);
        api.MapGet("/summary", GetSummary).WithName("GetSummary").WithSummary("Today's figures and the monthly trend, per unit");
        api.MapPost("/admin/rebuild", Rebuild).WithName("RebuildReadModel")
            .WithSummary("Rebuild every fact and counter from Cases' history and Apologies' issued letters")
            .RequireAuthorization(TthcPolicies.Province);
        return app;
    }

    public static async Task<Results<Ok<Report>, FileContentHttpResult, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> GetReport(
        ClaimsPrincipal user, ReportingDbContext db, TimeProvider time,
        string? period, int? year = null, int? number = null, string? unit = null, string? format = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        if (!ReportPeriod.TryResolve(period, year ?? today.Year, number, today, out var resolved, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Parameter] = [error.Message] });
        }

        if (resolved.StartsAfter(today))
        {
            return NotStarted(resolved);
        }

        if (format is not (null or "json" or "csv" or "xlsx"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["format"] = ["Định dạng phải là json, csv hoặc xlsx / format must be json, csv or xlsx."],
            });
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var report = await db.BuildReportAsync(unitCode, resolved, now, cancellationToken);
        var name = $"bao-cao-tthc-{unitCode ?? "tinh"}-{resolved.Kind}-{resolved.Start:yyyyMMdd}-{resolved.End:yyyyMMdd}";
        return format switch
        {
            "csv" => TypedResults.File(ReportExport.Csv(report), "text/csv; charset=utf-8", name + ".csv"),
            "xlsx" => TypedResults.File(ReportExport.Xlsx(report), ReportExport.XlsxContentType, name + ".xlsx"),
            _ => TypedResults.Ok(report),
        };
    }

    public static async Task<Results<Ok<ComplianceReport>, ValidationProblem, ProblemHttpResult>> GetCompliance(
        ReportingDbContext db, TimeProvider time, string? period, int? year = null, int? number = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        if (!ReportPeriod.TryResolve(period, year ?? today.Year, number, today, out var resolved, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Parameter] = [error.Message] });
        }

        if (resolved.StartsAfter(today))
        {
            return NotStarted(resolved);
        }

        return TypedResults.Ok(await db.BuildComplianceAsync(resolved, now, cancellationToken));
    }

    /// <summary>A period that has not begun has no figures: a 422 rather than a page of zeros that reads as "all on time".</summary>
    private static ProblemHttpResult NotStarted(ReportPeriod period) =>
        ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["period"] = [period.NotStartedMessage] });

    public static async Task<Results<Ok<Summary>, ForbidHttpResult>> GetSummary(
        ClaimsPrincipal user, ReportingDbContext db, TimeProvider time, string? unit = null, CancellationToken cancellationToken = default)
    {
        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await db.BuildSummaryAsync(unitCode, time.GetUtcNow(), cancellationToken));
    }

    public static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> Rebuild(Rebuilder rebuilder, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await rebuilder.RunAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is global::Grpc.Core.RpcException or HttpRequestException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://tthc.vn/problems/source-unavailable",
                detail: $"Không đọc được lịch sử từ Cases hoặc Apologies; dữ liệu cũ được giữ nguyên / a source could not be read; nothing was changed. ({ex.Message})");
        }
    }
}
