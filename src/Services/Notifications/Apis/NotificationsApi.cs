using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Database;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;
using Tthc.Notifications.Workers;

namespace Tthc.Notifications.Apis;

/// <summary>What officers see of the notices: a dossier's (or petition's), the dead letters, and sending one again.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications")
            .WithTags("Notifications")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapGet("/", List).WithName("ListNotices").WithSummary("The notices of a dossier or petition (?caseCode=), with their delivery status");
        api.MapGet("/dead-letters", DeadLetters).WithName("ListDeadLetters").WithSummary("Notices that failed after their retries, newest first");
        api.MapPost("/{id:guid}/retry", Retry).WithName("RetryNotice").WithSummary("Send a failed notice again (its retries start over)");
        return app;
    }

    public static async Task<Results<Ok<List<NoticeView>>, ProblemHttpResult>> List(
        ClaimsPrincipal user, NotificationsDbContext db, string? caseCode = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(caseCode) || caseCode.Length > 40)
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]>
            {
                ["caseCode"] = ["Cần mã hồ sơ hoặc mã phản ánh (tối đa 40 ký tự) / caseCode (a dossier or petition code, at most 40 characters) is required."],
            });
        }

        var notices = await db.Notices.AsNoTracking().Where(n => n.About == caseCode).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Take(500).ToListAsync(cancellationToken);
        // Another unit's dossier answers as one with no notices: its existence is not told.
        return TypedResults.Ok(notices.Where(n => MaySee(user, n)).Select(NoticeView.From).ToList());
    }

    public static async Task<Results<Ok<List<NoticeView>>, ForbidHttpResult, ProblemHttpResult>> DeadLetters(
        ClaimsPrincipal user, NotificationsDbContext db, string? unit = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 500)
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["limit"] = ["Từ 1 đến 500 / limit must be from 1 to 500."] });
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var failed = db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Failed);
        if (unitCode is not null)
        {
            failed = failed.Where(n => n.UnitCode == unitCode || n.ResponsibleUnitCode == unitCode);
        }

        var page = await failed.OrderByDescending(n => n.FailedAt).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(NoticeView.From).ToList());
    }

    public static async Task<Results<Ok<NoticeView>, NotFound, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal user, NotificationsDbContext db, NoticeDispatcher dispatcher, TimeProvider time, CancellationToken cancellationToken)
    {
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is null || !MaySee(user, notice))
        {
            return TypedResults.NotFound();
        }

        if (!notice.Redrive(time.GetUtcNow()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/not-retryable",
                detail: "Chỉ gửi lại được thông báo đã thất bại và còn nội dung / only a failed notice that still has its text can be sent again.");
        }

        try
        {
            using (await db.WriteTurnAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/not-retryable",
                detail: "Thông báo vừa được gửi lại bởi người khác / the notice was just sent again by someone else.");
        }

        dispatcher.Wake();
        return TypedResults.Ok(NoticeView.From(notice));
    }

    private static bool MaySee(ClaimsPrincipal user, Notice notice) =>
        UnitScope.CanSee(user, notice.UnitCode) || (notice.ResponsibleUnitCode is { } responsible && UnitScope.CanSee(user, responsible));
}

/// <summary>A notice as officers see it: what, how, to whom (masked), and how it went; never its text.</summary>
public sealed record NoticeView(
    Guid Id, string About, string Kind, string Channel, string To, string Title, string Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, Guid? ApologyId)
{
    public static NoticeView From(Notice n) => new(
        n.Id, n.About, n.Kind, n.Channel, n.Address.Length == 0 ? "" : PersonalDataRedactor.Mask(n.Address), n.Title,
        n.Status.ToString().ToLowerInvariant(), n.Attempts, n.LastError, n.CreatedAt, n.NextAttemptAt, n.SentAt, n.DeliveredAt, n.FailedAt, n.ApologyId);
}
