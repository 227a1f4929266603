using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;
using Tthc.Reporting.Exports;

namespace Tthc.Reporting.Apis;

/// <summary>
/// Satisfaction per unit and period (for officers, and published), and Decision 766's service index per unit and month:
/// the province's ranking and a unit's twelve-month trend.
/// </summary>
public static class FeedbackReportsApi
{
    public static IEndpointRouteBuilder MapFeedbackReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports")
            .WithTags("Reports")
            .RequireAuthorization(p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province, TthcRoles.Platform));
        api.MapGet("/satisfaction", GetSatisfaction).WithName("GetSatisfaction")
            .WithSummary("Citizens' ratings per unit in a period: the nine criteria's averages, the total, the grade, the verdicts' shares; JSON or CSV")
            .Produces<SatisfactionReport>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        api.MapGet("/index", GetIndex).WithName("GetServiceIndex")
            .WithSummary("Decision 766's service index of a calendar month: one unit, or every unit ranked");
        api.MapGet("/index/trend", GetIndexTrend).WithName("GetServiceIndexTrend")
            .WithSummary("A unit's service index over the last twelve months");

        app.MapGet("/public/satisfaction", PublicSatisfaction).WithTags("Public").AllowAnonymous().WithName("PublicSatisfaction")
            .WithSummary("Published satisfaction per unit (HTML, or JSON); the year to date unless a period is given")
            .Produces<SatisfactionReport>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        return app;
    }

    public static async Task<IResult> GetSatisfaction(
        ClaimsPrincipal user, ReportingDbContext db, TimeProvider time, string? period, int? year = null, int? number = null, string? unit = null,
        string? format = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (!TryResolve(period, year, number, now, out var resolved, out var problem))
        {
            return problem;
        }

        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Định dạng phải là json hoặc csv / format must be json or csv."] });
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var report = await db.BuildSatisfactionAsync(unitCode, resolved, now, cancellationToken);
        return format == "csv"
            ? TypedResults.File(ReportExport.Csv(report), "text/csv; charset=utf-8", $"muc-do-hai-long-{unitCode ?? "tinh"}-{resolved.Kind}-{resolved.Start:yyyyMMdd}-{resolved.End:yyyyMMdd}.csv")
            : TypedResults.Ok(report);
    }

    public static async Task<IResult> PublicSatisfaction(
        HttpContext http, ReportingDbContext db, TimeProvider time, string? period = null, int? year = null, int? number = null, string? unit = null,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (!TryResolve(period ?? ReportPeriod.YearToDate, year, number, now, out var resolved, out var problem))
        {
            return problem;
        }

        if (unit is not null && !UnitCode.IsValid(unit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [UnitCode.Invalid] });
        }

        var report = await db.BuildSatisfactionAsync(unit, resolved, now, cancellationToken);
        return PublicPages.WantsJson(http.Request) ? TypedResults.Ok(report) : PublicPages.Page(http.Response, Html(report, unit));
    }

    public static async Task<Results<Ok<IndexReport>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> GetIndex(
        ClaimsPrincipal user, ReportingDbContext db, IOptions<ServiceIndexOptions> options, TimeProvider time, int? year = null, int? month = null,
        string? unit = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.DateOf(now);
        var (y, m) = (year ?? today.Year, month ?? today.Month);
        if (y is < ReportPeriod.MinYear or > ReportPeriod.MaxYear || m is < 1 or > 12)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["month"] = [$"Tháng từ 1 đến 12, năm từ {ReportPeriod.MinYear} đến {ReportPeriod.MaxYear} / month must be 1 to 12 and year {ReportPeriod.MinYear} to {ReportPeriod.MaxYear}."],
            });
        }

        if (new DateOnly(y, m, 1) > today)
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]>
            {
                ["month"] = [$"Tháng {m:D2}/{y} chưa bắt đầu, chưa có số liệu / {y}-{m:D2} has not begun."],
            });
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await db.BuildIndexAsync(options.Value, unitCode, y, m, now, cancellationToken));
    }

    public static async Task<Results<Ok<IndexTrend>, ValidationProblem, ForbidHttpResult>> GetIndexTrend(
        ClaimsPrincipal user, ReportingDbContext db, IOptions<ServiceIndexOptions> options, TimeProvider time, string? unit = null,
        CancellationToken cancellationToken = default)
    {
        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        if (unitCode is null || !UnitCode.IsValid(unitCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = ["Phải chọn một đơn vị / unit is required. " + UnitCode.Invalid] });
        }

        return TypedResults.Ok(await db.BuildIndexTrendAsync(options.Value, unitCode, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>The period asked for, or the problem: a 400 naming the parameter at fault, a 422 for a period that has not begun.</summary>
    private static bool TryResolve(string? period, int? year, int? number, DateTimeOffset now, out ReportPeriod resolved, out IResult problem)
    {
        var today = VietnamTime.DateOf(now);
        problem = null!;
        if (!ReportPeriod.TryResolve(period, year ?? today.Year, number, today, out resolved, out var error))
        {
            problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Parameter] = [error.Message] });
            return false;
        }

        if (resolved.StartsAfter(today))
        {
            problem = ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["period"] = [resolved.NotStartedMessage] });
            return false;
        }

        return true;
    }

    private static string Html(SatisfactionReport report, string? unit)
    {
        var period = report.Period;
        var heading = unit is null ? "Mức độ hài lòng của người dân, doanh nghiệp" : $"Mức độ hài lòng — {report.Total.UnitName}";
        var html = new StringBuilder();
        html.Append(PublicPages.Head(heading, style: """
            td.n { text-align: right; }
            th[scope=row] { font-weight: normal; background: none; }
            section { margin: 1.5rem 0; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
            dt { font-weight: bold; }
            dd { margin: 0; }
            """)).Append($$"""
            <p>Công khai theo Thông tư 01/2018/TT-VPCP (Điều 13–15): đánh giá của người dân về việc giải quyết hồ sơ thủ tục hành chính,
            9 tiêu chí, mỗi tiêu chí 0–2 điểm (tối đa 18). Xếp loại: xuất sắc từ 15 điểm, tốt từ 12, khá từ 9, trung bình từ 6, dưới 6 là yếu.</p>
            <p>Kỳ: từ {{period.Start:dd'/'MM'/'yyyy}} đến {{period.End:dd'/'MM'/'yyyy}}; số liệu tính đến {{period.AsOf.ToOffset(VietnamTime.Offset):HH':'mm', 'dd'/'MM'/'yyyy}}.</p>
            </header>
            <main>

            """);
        if (report.Total.Ratings == 0)
        {
            html.Append("<p>Chưa có phiếu đánh giá nào trong kỳ.</p>\n");
        }

        // One section per unit (and the scope's total when there are several): readable on a phone as on a desktop.
        var sections = report.Units.Count > 1 ? report.Units.Prepend(report.Total) : report.Units;
        foreach (var row in sections)
        {
            var title = ReferenceEquals(row, report.Total) ? $"Tổng hợp: {row.UnitName}" : row.UnitName;
            html.Append($"<section aria-labelledby=\"u-{E(row.UnitCode)}\">\n<h2 id=\"u-{E(row.UnitCode)}\">{E(title)}</h2>\n<dl>")
                .Append($"<dt>Số phiếu đánh giá</dt><dd>{row.Ratings}</dd>")
                .Append($"<dt>Tổng điểm trung bình</dt><dd><strong>{row.Total.ToString("0.00", VietnameseNumbers.Format)}</strong> / 18 — {E(row.GradeName)}</dd>")
                .Append($"<dt>Rất hài lòng</dt><dd>{row.VerySatisfiedShare.ToString("P0", VietnameseNumbers.Format)} ({row.VerySatisfied})</dd>")
                .Append($"<dt>Hài lòng</dt><dd>{row.SatisfiedShare.ToString("P0", VietnameseNumbers.Format)} ({row.Satisfied})</dd>")
                .Append($"<dt>Chưa hài lòng</dt><dd>{row.DissatisfiedShare.ToString("P0", VietnameseNumbers.Format)} ({row.Dissatisfied})</dd></dl>\n")
                .Append("<table>\n<caption>Điểm trung bình từng tiêu chí (0–2)</caption>\n")
                .Append("<thead><tr><th scope=\"col\">Tiêu chí</th><th scope=\"col\">Điểm</th></tr></thead>\n<tbody>\n");
            for (var i = 0; i < report.CriteriaNames.Count; i++)
            {
                html.Append($"<tr><th scope=\"row\">{i + 1}. {E(report.CriteriaNames[i])}</th><td class=\"n\">{row.Criteria[i].ToString("0.00", VietnameseNumbers.Format)}</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string? text) => PublicPages.Escape(text);
}
