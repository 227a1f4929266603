using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Documents;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Grpc;
using Tthc.Calendar;
using Tthc.Contracts;

namespace Tthc.Apologies.Apis;

/// <summary>
/// The public page of issued apologies (Directive 18/CT-UBND): what the public needs to know — unit, dossier code,
/// procedure, dates, reason, number — and of the applicant nothing beyond initials (Decree 13/2023). Server-rendered
/// HTML that works without JavaScript, an Atom feed, and JSON for <c>Accept: application/json</c>.
/// </summary>
public static class PublicApologiesApi
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapPublicApologiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/public/apologies")
            .WithTags("Public")
            .AllowAnonymous();

        api.MapGet("/", ListPublished).WithName("ListPublishedApologies").WithSummary("Published apologies of a unit (HTML, or JSON)")
            .Produces<List<PublishedApology>>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        api.MapGet("/feed", Feed).WithName("PublishedApologiesFeed").WithSummary("Published apologies of a unit as an Atom feed")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml");
        api.MapGet("/{caseCode}/document.docx", Document).WithName("PublicApologyDocument")
            .WithSummary("The citizen's apology as a Word document, with the secret on the receipt (?secret=)");
        return app;
    }

    public static async Task<IResult> ListPublished(
        HttpContext http, ApologiesDbContext db, string? unit = null, string? caseCode = null, int? skip = null,
        CancellationToken cancellationToken = default)
    {
        if (unit is not null && !UnitCode.IsValid(unit))
        {
            return BadUnit();
        }

        if (caseCode is { Length: > 40 } || skip is < 0 or > MaxSkip)
        {
            return TypedResults.ValidationProblem(caseCode is { Length: > 40 }
                ? new Dictionary<string, string[]> { ["caseCode"] = ["Mã hồ sơ tối đa 40 ký tự / caseCode is at most 40 characters."] }
                : new Dictionary<string, string[]> { ["skip"] = [$"Bỏ qua từ 0 đến {MaxSkip} phiếu / skip must be from 0 to {MaxSkip}."] });
        }

        var rows = await PublishedAsync(db, unit, cancellationToken, caseCode, skip ?? 0);
        return PublicPages.WantsJson(http.Request) ? TypedResults.Ok(rows) : PublicPages.Page(http.Response, Html(rows, unit));
    }

    public static async Task<IResult> Feed(
        HttpContext http, ApologiesDbContext db, IOptions<ApologiesOptions> options, TimeProvider time, string? unit = null,
        CancellationToken cancellationToken = default)
    {
        if (unit is not null && !UnitCode.IsValid(unit))
        {
            return BadUnit();
        }

        var rows = await PublishedAsync(db, unit, cancellationToken);
        var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Text(Atom(rows, unit, baseUrl, time.GetUtcNow()), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static ValidationProblem BadUnit() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [UnitCode.Invalid] });

    /// <summary>
    /// The applicant downloads their own apology with the secret on their receipt (Cases checks it, and counts wrong
    /// secrets against the dossier); anything else is the same 404, a locked dossier a 429. The citizen's copy names
    /// them and the dossier, without their ID number or address.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> Document(
        string caseCode, HttpResponse response, ApologiesDbContext db, ICasesClient cases, IOptions<ApologiesOptions> options, TimeProvider time,
        string? secret = null, CancellationToken cancellationToken = default)
    {
        var apology = await db.Apologies.AsNoTracking()
            .SingleOrDefaultAsync(a => a.CaseCode == caseCode && a.Status == ApologyStatus.Issued, cancellationToken);
        SecretAnswer? answer;
        try
        {
            answer = apology?.Details is null || string.IsNullOrEmpty(secret) ? null : await cases.CheckLookupSecretAsync(caseCode, secret, cancellationToken);
        }
        catch (RpcException)
        {
            // Cases unreachable, or failing: the citizen's request was fine, the check could not be made.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: "Chưa kiểm tra được mã tra cứu, vui lòng thử lại sau ít phút / the secret cannot be checked just now; try again in a few minutes.");
        }

        if (answer?.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Tạm khóa tra cứu / lookup locked",
                detail: "Đã nhập sai mã tra cứu quá nhiều lần, vui lòng thử lại sau / too many wrong secrets for this dossier; try again later.");
        }

        if (answer is not { Right: true })
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Detail = "Không có phiếu xin lỗi cho mã hồ sơ và mã tra cứu này / no apology matches this dossier code and secret.",
            });
        }

        return TypedResults.File(ApologyDocument.Render(apology!, options.Value, time.GetUtcNow(), citizensCopy: true), ApologyDocument.ContentType,
            $"phieu-xin-loi-{apology!.CaseCode}.docx");
    }

    /// <summary>How far the public list pages back (<c>skip</c>): older letters stay in the feed's archive and the reports.</summary>
    public const int MaxSkip = 10_000;

    private static async Task<List<PublishedApology>> PublishedAsync(
        ApologiesDbContext db, string? unit, CancellationToken cancellationToken, string? caseCode = null, int skip = 0)
    {
        var query = db.Apologies.AsNoTracking().Where(a => a.PublishedAt != null && a.Status == ApologyStatus.Issued);
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(a => a.UnitCode == unit);
        }

        if (!string.IsNullOrEmpty(caseCode))
        {
            query = query.Where(a => a.CaseCode == caseCode);
        }

        var rows = await query.OrderByDescending(a => a.PublishedAt).ThenBy(a => a.Id).Skip(skip).Take(PageSize).ToListAsync(cancellationToken);
        return rows.ConvertAll(PublishedApology.From);
    }

    private static string Html(List<PublishedApology> rows, string? unit)
    {
        var unitName = unit is null ? null : rows.FirstOrDefault()?.UnitName ?? unit;
        var heading = unitName is null ? "Phiếu xin lỗi đã ban hành" : $"Phiếu xin lỗi của {unitName}";
        var feed = "/public/apologies/feed" + (unit is null ? "" : "?unit=" + Uri.EscapeDataString(unit));
        var html = new StringBuilder();
        html.Append(PublicPages.Head(heading, feed)).Append($$"""
            <p>Công khai theo Chỉ thị 18/CT-UBND: các trường hợp giải quyết hồ sơ thủ tục hành chính trễ hạn và phiếu xin lỗi, hẹn lại ngày trả kết quả.
            <a href="{{E(feed)}}">Theo dõi qua Atom</a>.</p>
            </header>
            <main>
            """);
        if (rows.Count == 0)
        {
            html.Append("<p>Chưa có phiếu xin lỗi nào được công khai.</p>\n");
        }
        else
        {
            html.Append("""
                <table>
                <caption>Danh sách phiếu xin lỗi, mới nhất trước</caption>
                <thead><tr><th scope="col">Số phiếu</th><th scope="col">Ngày ban hành</th><th scope="col">Đơn vị</th><th scope="col">Mã hồ sơ</th><th scope="col">Người nộp</th><th scope="col">Thủ tục</th><th scope="col">Ngày hẹn ban đầu</th><th scope="col">Ngày hẹn mới</th><th scope="col">Lý do</th></tr></thead>
                <tbody>

                """);
            foreach (var row in rows)
            {
                html.Append($"<tr id=\"{E(row.CaseCode)}\"><td>{E(row.Number)}</td><td>{row.IssuedAt.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy}</td>")
                    .Append($"<td>{E(row.UnitName)}</td><td>{E(row.CaseCode)}</td><td>{E(row.ApplicantInitials)}</td><td>{E(row.ProcedureName)}</td>")
                    .Append($"<td>{row.OriginalDueAt.ToOffset(VietnamTime.Offset):HH' giờ 'mm', 'dd'/'MM'/'yyyy}</td><td>{row.NewAppointmentDate:dd'/'MM'/'yyyy}</td>")
                    .Append($"<td>{E(row.Reason)}</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Atom(List<PublishedApology> rows, string? unit, string baseUrl, DateTimeOffset now)
    {
        var query = unit is null ? "" : "?unit=" + Uri.EscapeDataString(unit);
        return PublicPages.AtomFeed(
            $"urn:tthc:apologies:{unit ?? "all"}",
            unit is null ? "Phiếu xin lỗi đã ban hành" : $"Phiếu xin lỗi của {rows.FirstOrDefault()?.UnitName ?? unit}",
            rows.Count > 0 ? rows.Max(r => r.PublishedAt) : now,
            $"{baseUrl}/public/apologies/feed{query}", $"{baseUrl}/public/apologies{query}",
            rows.Select(row => new AtomEntry(
                $"urn:uuid:{row.Id}", $"Phiếu xin lỗi số {row.Number} — hồ sơ {row.CaseCode}", row.PublishedAt, row.IssuedAt,
                $"{baseUrl}/public/apologies{query}#{Uri.EscapeDataString(row.CaseCode)}", row.UnitName,
                string.Create(CultureInfo.InvariantCulture,
                    $"{row.UnitName} xin lỗi về hồ sơ {row.CaseCode} ({row.ProcedureName}), hẹn ngày {row.OriginalDueAt.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy}, " +
                    $"hẹn lại ngày {row.NewAppointmentDate:dd'/'MM'/'yyyy}. Lý do: {row.Reason}"))));
    }

    private static string E(string? text) => PublicPages.Escape(text);
}

/// <summary>An apology as the public sees it: no name, no ID number, no contact — initials at most.</summary>
public sealed record PublishedApology(
    Guid Id,
    string UnitCode,
    string UnitName,
    string CaseCode,
    string ProcedureCode,
    string ProcedureName,
    string ApplicantInitials,
    string Number,
    DateTimeOffset IssuedAt,
    DateTimeOffset PublishedAt,
    DateTimeOffset OriginalDueAt,
    DateOnly NewAppointmentDate,
    string Reason)
{
    public static PublishedApology From(Apology a) => new(
        a.Id, a.UnitCode, a.Details?.UnitName ?? a.UnitCode, a.CaseCode, a.ProcedureCode, a.Details?.ProcedureName ?? a.ProcedureCode,
        a.Details?.ApplicantInitials ?? "", a.NumberText!, a.IssuedAt!.Value, a.PublishedAt!.Value, a.OriginalDueAt,
        a.NewAppointmentDate!.Value, a.Reason!);
}
