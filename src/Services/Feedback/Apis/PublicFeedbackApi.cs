using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Feedback.Data;
using Tthc.Feedback.Domain;
using Tthc.Feedback.Grpc;

namespace Tthc.Feedback.Apis;

/// <summary>
/// What a citizen does without an account: send a petition (named, or anonymous with a contact), follow it with the
/// code and secret it was given, and read the answers units have published — server-rendered HTML, an Atom feed, and
/// JSON for <c>Accept: application/json</c>, without the senders' personal data (Decree 13/2023).
/// </summary>
public static class PublicFeedbackApi
{
    private const int PageSize = 100;

    public static IEndpointRouteBuilder MapPublicFeedbackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/public/feedback")
            .WithTags("Public")
            .AllowAnonymous();

        api.MapPost("/", Send).WithName("SendPetition").WithSummary("Send a petition about a regulation, a procedure or a dossier");
        api.MapGet("/", ListPublished).WithName("ListPublishedAnswers").WithSummary("Published answers of a unit (HTML, or JSON)")
            .Produces<List<PublishedAnswer>>(contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        api.MapGet("/feed", Feed).WithName("PublishedAnswersFeed").WithSummary("Published answers of a unit as an Atom feed")
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml");
        api.MapGet("/{code}", Follow).WithName("FollowPetition").WithSummary("A petition's state, for its sender (?secret=)");
        return app;
    }

    public static async Task<Results<Created<PetitionReceipt>, ProblemHttpResult>> Send(
        PetitionRequest? request, PetitionIntake intake, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is { Channel: not null } or { ReceivedAt: not null })
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]>
            {
                ["channel"] = ["Phản ánh gửi trực tuyến không ghi kênh hay thời điểm tiếp nhận / an online petition gives no channel or receivedAt."],
            });
        }

        try
        {
            var (invalid, receipt) = await intake.ReceiveAsync(request, "online", "citizen", time.GetUtcNow(), cancellationToken);
            return invalid is not null
                ? ProblemDetailsExtensions.Unprocessable(invalid)
                : TypedResults.Created($"/public/feedback/{receipt!.Code}", receipt);
        }
        catch (RpcException)
        {
            return PetitionsApi.CasesAway();
        }
    }

    /// <summary>A wrong secret and an unknown code give the same 404, so codes cannot be probed.</summary>
    public static async Task<Results<Ok<PetitionState>, NotFound<ProblemDetails>>> Follow(
        string code, HttpResponse response, FeedbackDbContext db, UnitDirectory units, TimeProvider time, string? secret = null,
        CancellationToken cancellationToken = default)
    {
        var petition = await db.Petitions.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (petition is null || !LookupSecret.Matches(code, secret, petition.SecretHash))
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Detail = "Không có phản ánh nào với mã và mã tra cứu này / no petition matches this code and secret.",
            });
        }

        // Its address carries the secret: no cache keeps the answer.
        response.Headers.CacheControl = "no-store";
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PetitionState(
            petition.Code, PetitionKinds.Name(petition.Kind), PetitionStatusNames.Name(petition.Status), PetitionStatusNames.Vietnamese(petition.Status),
            petition.UnitCode, await units.NameOfAsync(petition.UnitCode, cancellationToken), petition.CaseCode, petition.Title, petition.ReceivedAt,
            petition.AnswerDueAt, petition.Status == PetitionStatus.AwaitingInfo ? petition.Questions : null, petition.RefusalReason,
            petition.Answer, petition.AnsweredAt, petition.PublishedAt, petition.IsOverdue(now)));
    }

    public static async Task<IResult> ListPublished(
        HttpContext http, FeedbackDbContext db, UnitDirectory units, string? unit = null, CancellationToken cancellationToken = default)
    {
        if (unit is not null && !UnitCode.IsValid(unit))
        {
            return BadUnit();
        }

        var rows = await PublishedAsync(db, units, unit, cancellationToken);
        return PublicPages.WantsJson(http.Request) ? TypedResults.Ok(rows) : PublicPages.Page(http.Response, Html(rows, unit, unit is null ? null : await units.NameOfAsync(unit, cancellationToken)));
    }

    public static async Task<IResult> Feed(
        HttpContext http, FeedbackDbContext db, UnitDirectory units, IOptions<FeedbackOptions> options, TimeProvider time, string? unit = null,
        CancellationToken cancellationToken = default)
    {
        if (unit is not null && !UnitCode.IsValid(unit))
        {
            return BadUnit();
        }

        var rows = await PublishedAsync(db, units, unit, cancellationToken);
        var baseUrl = options.Value.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Text(Atom(rows, unit, baseUrl, time.GetUtcNow()), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static ValidationProblem BadUnit() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [UnitCode.Invalid] });

    private static async Task<List<PublishedAnswer>> PublishedAsync(FeedbackDbContext db, UnitDirectory units, string? unit, CancellationToken cancellationToken)
    {
        var query = db.Petitions.AsNoTracking().Where(p => p.PublishedAt != null);
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(p => p.UnitCode == unit);
        }

        var rows = await query.OrderByDescending(p => p.PublishedAt).Take(PageSize).ToListAsync(cancellationToken);
        var result = new List<PublishedAnswer>(rows.Count);
        foreach (var p in rows)
        {
            result.Add(new PublishedAnswer(p.Code, PetitionKinds.Name(p.Kind), p.UnitCode, await units.NameOfAsync(p.UnitCode, cancellationToken), p.CaseCode,
                p.Title, p.ReceivedAt, p.Answer!, p.AnsweredAt!.Value, p.PublishedAt!.Value));
        }

        return result;
    }

    private static string Html(List<PublishedAnswer> rows, string? unit, string? unitName)
    {
        var heading = unit is null ? "Kết quả trả lời phản ánh, kiến nghị" : $"Kết quả trả lời phản ánh, kiến nghị — {unitName}";
        var feed = "/public/feedback/feed" + (unit is null ? "" : "?unit=" + Uri.EscapeDataString(unit));
        var html = new StringBuilder();
        html.Append(PublicPages.Head(heading, feed, """
            article { border-top: 1px solid #767676; padding: .5rem 0 1rem; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
            dt { font-weight: bold; }
            dd { margin: 0; }
            """)).Append($$"""
            <p>Công khai theo Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP): phản ánh, kiến nghị của người dân, doanh nghiệp
            về quy định hành chính, thủ tục hành chính và kết quả trả lời của cơ quan có thẩm quyền. Không công khai thông tin cá nhân người gửi.
            <a href="{{E(feed)}}">Theo dõi qua Atom</a>.</p>
            </header>
            <main>

            """);
        if (rows.Count == 0)
        {
            html.Append("<p>Chưa có kết quả trả lời nào được công khai.</p>\n");
        }

        foreach (var row in rows)
        {
            html.Append($"<article id=\"{E(row.Code)}\">\n<h2>{E(row.Title)}</h2>\n<dl>")
                .Append($"<dt>Mã phản ánh</dt><dd>{E(row.Code)}</dd>")
                .Append($"<dt>Loại</dt><dd>{E(KindName(row.Kind))}</dd>")
                .Append($"<dt>Cơ quan trả lời</dt><dd>{E(row.UnitName)}</dd>")
                .Append(row.CaseCode is null ? "" : $"<dt>Mã hồ sơ</dt><dd>{E(row.CaseCode)}</dd>")
                .Append($"<dt>Ngày tiếp nhận</dt><dd>{row.ReceivedAt.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy}</dd>")
                .Append($"<dt>Ngày trả lời</dt><dd>{row.AnsweredAt.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy}</dd>")
                .Append($"<dt>Ngày công khai</dt><dd>{row.PublishedAt.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy}</dd></dl>\n")
                .Append($"<h3>Nội dung trả lời</h3>\n<p>{E(row.Answer).Replace("\n", "<br>", StringComparison.Ordinal)}</p>\n</article>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string KindName(string kind) =>
        PetitionKinds.TryParse(kind, out var parsed) ? PetitionKinds.Vietnamese(parsed) : kind;

    private static string Atom(List<PublishedAnswer> rows, string? unit, string baseUrl, DateTimeOffset now)
    {
        var query = unit is null ? "" : "?unit=" + Uri.EscapeDataString(unit);
        return PublicPages.AtomFeed(
            $"urn:tthc:feedback:{unit ?? "all"}",
            unit is null ? "Kết quả trả lời phản ánh, kiến nghị" : $"Kết quả trả lời phản ánh, kiến nghị — {rows.FirstOrDefault()?.UnitName ?? unit}",
            rows.Count > 0 ? rows.Max(r => r.PublishedAt) : now,
            $"{baseUrl}/public/feedback/feed{query}", $"{baseUrl}/public/feedback{query}",
            rows.Select(row => new AtomEntry(
                $"urn:tthc:petition:{row.Code}", $"{row.Code}: {row.Title}", row.PublishedAt, row.AnsweredAt,
                $"{baseUrl}/public/feedback{query}#{Uri.EscapeDataString(row.Code)}", row.UnitName, row.Answer)));
    }

    private static string E(string? text) => PublicPages.Escape(text);
}

/// <summary>What the sender sees of their petition: its state, deadline, the questions asked, the answer.</summary>
public sealed record PetitionState(
    string Code, string Kind, string Status, string StatusText, string UnitCode, string UnitName, string? CaseCode, string Title,
    DateTimeOffset ReceivedAt, DateTimeOffset AnswerDueAt, string? Questions, string? RefusalReason, string? Answer, DateTimeOffset? AnsweredAt,
    DateTimeOffset? PublishedAt, bool Overdue);

/// <summary>A published answer: the question's title and the answer, nothing about who asked.</summary>
public sealed record PublishedAnswer(
    string Code, string Kind, string UnitCode, string UnitName, string? CaseCode, string Title, DateTimeOffset ReceivedAt, string Answer,
    DateTimeOffset AnsweredAt, DateTimeOffset PublishedAt);
