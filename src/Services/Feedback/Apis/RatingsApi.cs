using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Contracts;
using Tthc.Database;
using Tthc.Feedback.Data;
using Tthc.Feedback.Domain;
using Tthc.Feedback.Grpc;
using Tthc.Messaging;

namespace Tthc.Feedback.Apis;

/// <summary>
/// The citizen's rating of a returned dossier, with the secret on the receipt — from home, or on the kiosk at the
/// counter (<c>channel: kiosk</c>). Cases checks the secret and counts wrong ones; an officer's token cannot rate.
/// </summary>
public static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/public/cases/{code}/rating", Rate).WithTags("Public").AllowAnonymous()
            .WithName("RateCase").WithSummary("Rate a returned dossier (Circular 01/2018: nine criteria 0–2 and the verdict), with the receipt's secret (?secret=)");
        app.MapGet("/api/feedback/ratings", ListRatings).WithTags("Ratings").RequireAuthorization(TthcPolicies.Staff)
            .WithName("ListRatings").WithSummary("The ratings of the caller's unit's dossiers, newest first");
        return app;
    }

    public static async Task<Results<Created<RatingView>, Ok<RatingView>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>> Rate(
        string code, RatingRequest? request, ClaimsPrincipal user, HttpResponse response, FeedbackDbContext db, ICasesClient cases,
        EventPublisher events, IOptions<FeedbackOptions> options, TimeProvider time, string? secret = null, CancellationToken cancellationToken = default)
    {
        if (user.IsInRole(TthcRoles.Officer) || user.IsInRole(TthcRoles.Leader) || user.IsInRole(TthcRoles.Province))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "https://tthc.vn/problems/staff-cannot-rate",
                detail: "Cán bộ, công chức không được đánh giá thay người dân / staff cannot rate a dossier; the citizen rates it with the receipt's secret.");
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(errors);
        }

        secret ??= request!.Secret;
        SecretAnswer? answer;
        try
        {
            answer = string.IsNullOrEmpty(secret) ? null : await cases.CheckLookupSecretAsync(code, secret, cancellationToken);
        }
        catch (RpcException)
        {
            return Unavailable();
        }

        if (answer?.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Tạm khóa tra cứu / lookup locked",
                detail: "Đã nhập sai mã tra cứu quá nhiều lần, vui lòng thử lại sau / too many wrong secrets for this dossier; try again later.");
        }

        if (answer is not { Right: true })
        {
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Detail = "Không có hồ sơ nào với mã hồ sơ và mã tra cứu này / no dossier matches this code and secret.",
            });
        }

        // Returned? Case.returned says so; a rating given right at the counter may come before the event: Cases is asked.
        var returned = await db.ReturnedCases.AsNoTracking().SingleOrDefaultAsync(r => r.CaseCode == code, cancellationToken);
        if (returned is null)
        {
            CaseSummary? dossier;
            try
            {
                dossier = await cases.GetAsync(code, cancellationToken);
            }
            catch (RpcException)
            {
                return Unavailable();
            }

            if (dossier is not { Status: "Returned" })
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/not-returned",
                    detail: "Hồ sơ chưa trả kết quả, chưa thể đánh giá / the dossier's result has not been returned yet; it can be rated once it has.");
            }

            // Not stored here: the event, arriving any moment, records it (two writers of one row would collide).
            returned = new ReturnedCase
            {
                CaseCode = code, UnitCode = dossier.ResponsibleUnitCode, ReceivingUnitCode = dossier.ReceivingUnitCode, ProcedureCode = dossier.ProcedureCode,
                ReturnedAt = dossier.ReturnedAt ?? time.GetUtcNow(),
            };
        }

        var now = time.GetUtcNow();
        var criteria = Rating.Join(request!.Criteria!);
        var channel = request.Channel ?? "online";
        using var turn = await db.WriteTurnAsync(cancellationToken);
        var rating = await db.Ratings.SingleOrDefaultAsync(r => r.CaseCode == code, cancellationToken);
        var first = rating is null;
        if (rating is null)
        {
            rating = new Rating
            {
                CaseCode = code, UnitCode = returned.UnitCode, ReceivingUnitCode = returned.ReceivingUnitCode, ProcedureCode = returned.ProcedureCode,
                Criteria = criteria, Verdict = request.Verdict!, Channel = channel, RatedAt = now, ChangedAt = now,
            };
            db.Ratings.Add(rating);
        }
        else if (now > rating.RatedAt.AddDays(options.Value.RatingChangeDays))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/rating-closed",
                detail: $"Chỉ được sửa đánh giá trong {options.Value.RatingChangeDays} ngày kể từ khi đánh giá / a rating can be changed for {options.Value.RatingChangeDays} days after it was given.");
        }
        else
        {
            (rating.Criteria, rating.Verdict, rating.Channel, rating.ChangedAt) = (criteria, request.Verdict!, channel, now);
            rating.Revision++;
        }

        events.Publish(db, rating.Rated(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(ex))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/rated-meanwhile",
                detail: "Hồ sơ vừa được đánh giá từ nơi khác, vui lòng thử lại / the dossier was rated meanwhile; try again.");
        }

        var view = RatingView.From(rating);
        return first ? TypedResults.Created($"/public/cases/{Uri.EscapeDataString(code)}/rating", view) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<List<RatingView>>, ForbidHttpResult>> ListRatings(
        ClaimsPrincipal user, FeedbackDbContext db, string? unit = null, CancellationToken cancellationToken = default)
    {
        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var query = db.Ratings.AsNoTracking();
        if (unitCode is not null)
        {
            query = query.Where(r => r.UnitCode == unitCode);
        }

        var rows = await query.OrderByDescending(r => r.RatedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(RatingView.From));
    }

    private static Dictionary<string, string[]> Validate(RatingRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["Thiếu nội dung đánh giá / the rating is missing."];
            return errors;
        }

        if (request.Criteria is not { Count: SatisfactionCriteria.Count } criteria || criteria.Any(c => c is < 0 or > 2))
        {
            errors["criteria"] = ["Phải chấm đủ 9 tiêu chí, mỗi tiêu chí 0, 1 hoặc 2 điểm / criteria must be nine integers, each 0, 1 or 2."];
        }

        if (request.Verdict is null || !SatisfactionCriteria.Verdicts.Contains(request.Verdict))
        {
            errors["verdict"] = ["Mức độ hài lòng phải là very-satisfied, satisfied hoặc dissatisfied / verdict must be very-satisfied, satisfied or dissatisfied."];
        }

        if (request.Channel is not null && !Rating.RatingChannels.Contains(request.Channel))
        {
            errors["channel"] = ["Kênh đánh giá phải là online hoặc kiosk / channel must be online or kiosk."];
        }

        return errors;
    }

    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            detail: "Chưa kiểm tra được hồ sơ, vui lòng thử lại sau ít phút / the dossier cannot be checked just now; try again in a few minutes.");
}

/// <param name="Criteria">Nine integers, each 0, 1 or 2 (Circular 01/2018's criteria, in order).</param>
/// <param name="Verdict">very-satisfied | satisfied | dissatisfied</param>
/// <param name="Channel">online (default) | kiosk</param>
/// <param name="Secret">The receipt's secret, when not given as <c>?secret=</c>.</param>
public sealed record RatingRequest(IReadOnlyList<int>? Criteria, string? Verdict, string? Channel = null, string? Secret = null);

public sealed record RatingView(string CaseCode, string UnitCode, IReadOnlyList<int> Criteria, int Total, string Verdict, string Channel,
    DateTimeOffset RatedAt, DateTimeOffset ChangedAt, int Revision)
{
    public static RatingView From(Rating r) => new(r.CaseCode, r.UnitCode, r.Points, r.Total, r.Verdict, r.Channel, r.RatedAt, r.ChangedAt, r.Revision);
}
