using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Feedback.Data;
using Tthc.Feedback.Domain;
using Tthc.Feedback.Grpc;
using Tthc.Feedback.Workers;
using Tthc.Messaging;

namespace Tthc.Feedback.Apis;

/// <summary>
/// The petition's handling in the competent unit: the queue with its deadlines, entering one from the hotline, a letter
/// or an email, and each step — classify, ask for information, record it, answer, publish. A step the petition's
/// state does not allow is a 409; only the unit handling it (or the provincial office) acts on it.
/// </summary>
public static class PetitionsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapPetitionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/feedback")
            .WithTags("Petitions")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapGet("/", List).WithName("ListPetitions").WithSummary("Petitions of the caller's unit, oldest deadline first, with filters");
        api.MapPost("/", Enter).WithName("EnterPetition").WithSummary("Enter a petition received by hotline, letter, email or at the counter");
        api.MapGet("/{code}", Get).WithName("GetPetition").WithSummary("One petition, with its sender and history");
        api.MapPost("/{code}/classify", Classify).WithName("ClassifyPetition").WithSummary("Accept, refuse (with the reason) or forward to the competent unit");
        api.MapPost("/{code}/request-info", RequestInfo).WithName("RequestPetitionInfo").WithSummary("Ask the sender for more information: the clock pauses");
        api.MapPost("/{code}/info-received", InfoReceived).WithName("PetitionInfoReceived").WithSummary("The information arrived: the clock runs again");
        api.MapPost("/{code}/answer", Answer).WithName("AnswerPetition").WithSummary("Answer the petition");
        api.MapPost("/{code}/publish", Publish).WithName("PublishPetitionAnswer").WithSummary("Publish the answer on the unit's public page");
        return app;
    }

    public static async Task<Results<Ok<PetitionPage>, ValidationProblem, ForbidHttpResult>> List(
        ClaimsPrincipal user, FeedbackDbContext db, TimeProvider time, string? unit = null, string? status = null, bool? overdue = null,
        int? pageSize = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        PetitionStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (PetitionStatusNames.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"Trạng thái không hợp lệ / status must be one of: {string.Join(", ", PetitionStatusNames.All)}."];
            }
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Kích thước trang từ 1 đến {MaxPageSize} / pageSize must be between 1 and {MaxPageSize}."];
        }

        long after = 0;
        if (!string.IsNullOrEmpty(cursor)
            && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after > DateTimeOffset.MaxValue.UtcTicks))
        {
            errors["cursor"] = ["Con trỏ trang không hợp lệ / cursor is not one this API returned."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var query = db.Petitions.AsNoTracking();
        if (unitCode is not null)
        {
            query = query.Where(p => p.UnitCode == unitCode);
        }

        if (wanted is { } s)
        {
            query = query.Where(p => p.Status == s);
        }

        if (overdue == true)
        {
            query = query.Where(p => (p.Status == PetitionStatus.Received && p.ClassifyDueAt < now)
                || (p.Status == PetitionStatus.Accepted && p.AnswerDueAt < now)
                || (p.Status == PetitionStatus.Answered && p.PublishDueAt < now));
        }

        // Newest first, by receipt; the cursor is the last row's receipt (ticks) and the page continues before it.
        if (after > 0)
        {
            var before = new DateTimeOffset(after, TimeSpan.Zero);
            query = query.Where(p => p.ReceivedAt < before);
        }

        var rows = await query.OrderByDescending(p => p.ReceivedAt).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? rows[size - 1].ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new PetitionPage(rows.Take(size).Select(p => PetitionSummary.From(p, now)).ToList(), next));
    }

    public static async Task<Results<Created<PetitionReceipt>, ProblemHttpResult>> Enter(
        PetitionRequest? request, ClaimsPrincipal user, PetitionIntake intake, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var channel = request?.Channel;
        if (channel is null || channel == "online" || !Petition.Channels.Contains(channel))
        {
            errors["channel"] = ["Kênh tiếp nhận phải là hotline, letter, email hoặc counter / channel must be hotline, letter, email or counter."];
        }

        var receivedAt = request?.ReceivedAt ?? now;
        if (receivedAt > now.AddMinutes(1) || receivedAt < now.AddDays(-366) || VietnamTime.DateOf(receivedAt) > WorkingCalendar.MaxDate)
        {
            errors["receivedAt"] = ["Thời điểm tiếp nhận không được ở tương lai hay quá một năm trước / receivedAt cannot be in the future or more than a year ago."];
        }

        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(errors);
        }

        // An officer enters petitions to their own unit, or forwards them after; the provincial office to any. One about a
        // dossier goes to the unit deciding it, whoever takes the call (the one-stop office passes it on).
        if (!UnitScope.SeesEveryUnit(user) && request!.UnitCode is { } unit && unit != user.UnitCode())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                detail: "Chỉ nhập phản ánh gửi đơn vị mình; chuyển đơn vị khác bằng bước chuyển / enter petitions to your own unit; forward them to another.");
        }

        try
        {
            var (invalid, receipt) = await intake.ReceiveAsync(
                request! with { UnitCode = request!.UnitCode ?? (request.Kind == "dossier" ? null : user.UnitCode()) },
                channel!, Actor(user), receivedAt, cancellationToken);
            return invalid is not null
                ? ProblemDetailsExtensions.Unprocessable(invalid)
                : TypedResults.Created($"/api/feedback/{receipt!.Code}", receipt);
        }
        catch (RpcException)
        {
            return CasesAway();
        }
    }

    public static async Task<Results<Ok<PetitionView>, NotFound>> Get(
        string code, ClaimsPrincipal user, FeedbackDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var petition = await db.Petitions.AsNoTracking().Include(p => p.History.OrderBy(h => h.Id)).SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
        return petition is null || !UnitScope.CanSee(user, petition.UnitCode)
            ? TypedResults.NotFound()
            : TypedResults.Ok(PetitionView.From(petition, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> Classify(
        string code, ClassifyRequest? request, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars,
        UnitDirectory units, IOptions<FeedbackOptions> options, PetitionWatch watch, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
        switch (request?.Decision)
        {
            case "accept":
                break;
            case "refuse" when !FreeText.IsValid(reason):
                errors["reason"] = ["Không thụ lý phải nêu lý do / a refusal gives its reason. " + FreeText.Rule()];
                break;
            case "refuse":
                break;
            case "forward" when !UnitCode.IsValid(request.UnitCode):
                errors["unitCode"] = ["Phải ghi mã đơn vị có thẩm quyền / forward names the competent unit (unitCode). " + UnitCode.Invalid];
                break;
            case "forward":
                try
                {
                    if (!(await units.GetAsync(cancellationToken)).ContainsKey(request.UnitCode!))
                    {
                        errors["unitCode"] = ["Không có đơn vị với mã này / no unit has this code."];
                    }
                }
                catch (RpcException)
                {
                    return CasesAway();
                }

                break;
            default:
                errors["decision"] = ["Quyết định phải là accept, refuse hoặc forward / decision must be accept, refuse or forward."];
                break;
        }

        if (reason is not null && !FreeText.IsValid(reason))
        {
            errors["reason"] = [FreeText.Rule()];
        }

        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(errors);
        }

        return await StepAsync(code, user, db, events, calendars, watch, time, cancellationToken, (p, now, actor, calendar) => request!.Decision switch
        {
            "accept" => p.Accept(now, actor),
            "refuse" => p.Refuse(now, actor, reason!),
            _ => p.Forward(now, actor, request.UnitCode!, reason, options.Value, calendar),
        });
    }

    public static async Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> RequestInfo(
        string code, RequestInfoRequest? request, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars,
        PetitionWatch watch, TimeProvider time, CancellationToken cancellationToken)
    {
        var questions = request?.Questions?.Trim();
        if (!FreeText.IsValid(questions))
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["questions"] = ["Phải nêu thông tin cần bổ sung / questions are required. " + FreeText.Rule()] });
        }

        return await StepAsync(code, user, db, events, calendars, watch, time, cancellationToken, (p, now, actor, _) => p.RequestInfo(now, actor, questions!));
    }

    public static Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> InfoReceived(
        string code, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars,
        PetitionWatch watch, TimeProvider time, CancellationToken cancellationToken) =>
        StepAsync(code, user, db, events, calendars, watch, time, cancellationToken, (p, now, actor, calendar) => p.InfoReceived(now, actor, calendar));

    public static async Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> Answer(
        string code, AnswerRequest? request, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars,
        IOptions<FeedbackOptions> options, PetitionWatch watch, TimeProvider time, CancellationToken cancellationToken)
    {
        var answer = request?.Answer?.Trim();
        if (!FreeText.IsValid(answer, 8000))
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["answer"] = [FreeText.Rule(8000)] });
        }

        return await StepAsync(code, user, db, events, calendars, watch, time, cancellationToken,
            (p, now, actor, calendar) => p.AnswerWith(now, actor, answer!, options.Value, calendar));
    }

    public static Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> Publish(
        string code, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars,
        PetitionWatch watch, TimeProvider time, CancellationToken cancellationToken) =>
        StepAsync(code, user, db, events, calendars, watch, time, cancellationToken, (p, now, actor, _) => p.Publish(now, actor));

    private static async Task<Results<Ok<PetitionView>, NotFound, ProblemHttpResult>> StepAsync(
        string code, ClaimsPrincipal user, FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars, PetitionWatch watch,
        TimeProvider time, CancellationToken cancellationToken, Func<Petition, DateTimeOffset, string, WorkingCalendar, PetitionEvent> step)
    {
        using var turn = await db.WriteTurnAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var petition = await db.Petitions.Include(p => p.History.OrderBy(h => h.Id)).SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
            if (petition is null || !UnitScope.CanSee(user, petition.UnitCode))
            {
                return TypedResults.NotFound();
            }

            var now = time.GetUtcNow();
            var calendar = calendars.Current;
            try
            {
                events.Publish(db, step(petition, now, Actor(user), calendar));
                petition.ScheduleCheck(calendar);
                await db.SaveChangesAsync(cancellationToken);
                watch.Wake();
                return TypedResults.Ok(PetitionView.From(petition, now));
            }
            catch (PetitionTransitionException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: ex.Message, type: "https://tthc.vn/problems/invalid-transition");
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Changed meanwhile — most often by the watch (on another replica) writing that a deadline passed: the
                // step is taken again on the petition as it is now (another officer's step may now make it a 409).
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/invalid-transition",
                    detail: "Phản ánh vừa được người khác cập nhật, vui lòng tải lại / the petition changed meanwhile; reload and retry.");
            }
        }
    }

    internal static string Actor(ClaimsPrincipal user) => user.FindFirstValue(TthcClaims.Subject) ?? "unknown";

    internal static ProblemHttpResult CasesAway() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            detail: "Chưa kiểm tra được đơn vị, hồ sơ với Cases, vui lòng thử lại sau ít phút / Cases cannot be asked about the unit or dossier just now; try again in a few minutes.");
}

public sealed record ClassifyRequest(string? Decision, string? Reason = null, string? UnitCode = null);

public sealed record RequestInfoRequest(string? Questions);

public sealed record AnswerRequest(string? Answer);

public sealed record PetitionPage(IReadOnlyList<PetitionSummary> Items, string? NextCursor);

/// <summary>A row of the unit's queue: no sender's personal data.</summary>
public sealed record PetitionSummary(
    string Code, string Kind, string Status, string UnitCode, string? CaseCode, string Title, DateTimeOffset ReceivedAt,
    string? Stage, DateTimeOffset? DueAt, bool Overdue)
{
    public static PetitionSummary From(Petition p, DateTimeOffset now) => new(
        p.Code, PetitionKinds.Name(p.Kind), PetitionStatusNames.Name(p.Status), p.UnitCode, p.CaseCode, p.Title, p.ReceivedAt,
        p.RunningDeadline?.Stage, p.RunningDeadline?.DueAt, p.IsOverdue(now));
}

/// <summary>A petition as the unit handling it sees it: the sender, every deadline, the history.</summary>
public sealed record PetitionView(
    string Code, string Kind, string Channel, string Status, string UnitCode, string? CaseCode, string Title, string Content,
    PetitionSender Sender, DateTimeOffset ReceivedAt, DateTimeOffset ClassifyDueAt, DateTimeOffset ForwardDueAt, DateTimeOffset AnswerDueAt,
    DateTimeOffset? PublishDueAt, DateTimeOffset? ClassifiedAt, string? RefusalReason, IReadOnlyList<string> ForwardedFrom, string? Questions,
    DateTimeOffset? PausedAt, string? Answer, DateTimeOffset? AnsweredAt, bool? AnsweredLate, DateTimeOffset? PublishedAt, bool? PublishedLate,
    string? Stage, DateTimeOffset? DueAt, bool Overdue, IReadOnlyList<PetitionHistoryView> History)
{
    public static PetitionView From(Petition p, DateTimeOffset now) => new(
        p.Code, PetitionKinds.Name(p.Kind), p.Channel, PetitionStatusNames.Name(p.Status), p.UnitCode, p.CaseCode, p.Title, p.Content,
        new PetitionSender(p.SenderName, p.SenderPhone, p.SenderEmail), p.ReceivedAt, p.ClassifyDueAt, p.ForwardDueAt, p.AnswerDueAt,
        p.PublishDueAt, p.ClassifiedAt, p.RefusalReason, p.ForwardedFrom?.Split(',') ?? [], p.Questions, p.PausedAt, p.Answer, p.AnsweredAt,
        p.AnsweredAt is { } answered ? answered > p.AnswerDueAt : null, p.PublishedAt, p.PublishedAt is { } published ? published > p.PublishDueAt : null,
        p.RunningDeadline?.Stage, p.RunningDeadline?.DueAt, p.IsOverdue(now),
        p.History.OrderBy(h => h.Id).Select(h => new PetitionHistoryView(h.At, h.Actor, h.Action,
            h.FromStatus is { } f ? PetitionStatusNames.Name(f) : null, PetitionStatusNames.Name(h.ToStatus), h.Detail)).ToList());
}

public sealed record PetitionSender(string FullName, string? Phone, string? Email);

public sealed record PetitionHistoryView(DateTimeOffset At, string Actor, string Action, string? From, string To, string Detail);
