using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Workers;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.Apis;

/// <summary>
/// The apology's workflow in the late unit: the officer finds the drafts, gives the reason and the new date, and the
/// unit's leader signs (the number is given then). Delivery and the documents are in <see cref="ApologyDeliveryApi"/>,
/// the old system's apologies in <see cref="ApologyImportApi"/>.
/// </summary>
public static class ApologiesApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapApologiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/apologies")
            .WithTags("Apologies")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapGet("/", ListApologies).WithName("ListApologies").WithSummary("Apologies of the caller's unit (as the late unit or the one-stop office)");
        api.MapGet("/{id:guid}", GetApology).WithName("GetApology").WithSummary("One apology, with its deliveries");
        api.MapPut("/{id:guid}", Complete).WithName("CompleteApology").WithSummary("Give the reason and the new appointment date");
        api.MapPost("/{id:guid}/sign", Sign).WithName("SignApology").WithSummary("The unit's leader signs: numbered <n>/PXL and issued")
            .RequireAuthorization(TthcPolicies.Leader);
        return app;
    }

    public static async Task<Results<Ok<ApologyPage>, ValidationProblem, ForbidHttpResult>> ListApologies(
        ClaimsPrincipal user, ApologiesDbContext db, TimeProvider time,
        string? unit = null, string? status = null, string? caseCode = null, int? pageSize = null, string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var pastDeadline = string.Equals(status, PastDeadline, StringComparison.OrdinalIgnoreCase);
        ApologyStatus? wanted = null;
        if (!string.IsNullOrEmpty(status) && !pastDeadline)
        {
            if (ApologyStatusNames.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"Trạng thái không hợp lệ / status must be one of: {string.Join(", ", ApologyStatusNames.All.Append(PastDeadline))}."];
            }
        }

        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Kích thước trang từ 1 đến {MaxPageSize} / pageSize must be between 1 and {MaxPageSize}."];
        }

        if (!ApologyQueries.TryParseCursor(cursor, out var before))
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
        var (rows, next) = await db.PageAsync(unitCode, pastDeadline ? null : wanted, pastDeadline, caseCode, before, size, now, cancellationToken);
        return TypedResults.Ok(new ApologyPage(rows.ConvertAll(a => ApologyView.From(a, now)), next));
    }

    public static async Task<Results<Ok<ApologyView>, NotFound>> GetApology(
        Guid id, ClaimsPrincipal user, ApologiesDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var apology = await db.Apologies.AsNoTracking().Include(a => a.Deliveries).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        return apology is null || !MaySee(user, apology)
            ? TypedResults.NotFound()
            : TypedResults.Ok(ApologyView.From(apology, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<ApologyView>, NotFound, ProblemHttpResult>> Complete(
        Guid id, CompleteApologyRequest request, ClaimsPrincipal user, ApologiesDbContext db, CalendarsInForce calendar,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var reason = request.Reason?.Trim();
        if (!FreeText.IsValid(reason))
        {
            errors["reason"] = ["Phải nêu lý do chậm trễ (tối đa 2000 ký tự, không chứa ký tự điều khiển) / the reason is required (at most 2000 characters, no control characters)."];
        }

        if (!TryParseAppointment(request.NewAppointmentDate, now, calendar.Current, out var date))
        {
            errors["newAppointmentDate"] = ["Ngày hẹn mới phải là ngày làm việc sau hôm nay (YYYY-MM-DD) / newAppointmentDate must be a working day after today (YYYY-MM-DD)."];
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var apology = await db.Apologies.Include(a => a.Deliveries).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !UnitScope.CanSee(user, apology.UnitCode))
        {
            return TypedResults.NotFound();
        }

        try
        {
            apology.Complete(reason!, date);
            using var turn = await db.WriteTurnAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ApologyTransitionException ex)
        {
            return Conflict(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(ChangedMeanwhile);
        }

        return TypedResults.Ok(ApologyView.From(apology, now));
    }

    /// <summary>
    /// Only the late unit's own leader signs. The number is the unit's next for the year, taken in the same
    /// transaction as the signature, so numbers have no gaps and no repeats however many leaders sign at once.
    /// </summary>
    public static async Task<Results<Ok<ApologyView>, NotFound, ProblemHttpResult>> Sign(
        Guid id, ClaimsPrincipal user, ApologiesDbContext db, EventPublisher events, IOptions<ApologiesOptions> options,
        CasesFollowUp link, TimeProvider time, CancellationToken cancellationToken)
    {
        using var turn = await db.WriteTurnAsync(cancellationToken);
        var apology = await db.Apologies.Include(a => a.Deliveries).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !UnitScope.CanSee(user, apology.UnitCode))
        {
            return TypedResults.NotFound();
        }

        if (!user.IsInRole(TthcRoles.Leader) || user.UnitCode() != apology.UnitCode)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "https://tthc.vn/problems/not-the-units-leader",
                detail: "Chỉ lãnh đạo của đơn vị chậm trễ được ký phiếu xin lỗi / only the late unit's leader signs its apology.");
        }

        // A letter is signed with what it says: not before the dossier's facts (applicant, procedure, units) are here.
        if (apology.Details is null)
        {
            return Conflict("Chưa nhận được thông tin hồ sơ từ Cases, chưa thể ký / the dossier's facts have not arrived from Cases yet; the letter cannot be signed.");
        }

        // The letter prints who signed it and in what capacity: an identity without a name and title cannot sign.
        if (Signer.From(user.FindFirstValue(TthcClaims.Name), user.FindFirstValue(TthcClaims.Title)) is not { } signer)
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]>
            {
                ["signer"] = ["Tài khoản ký phải có họ tên và chức vụ (name, title) để ghi trên phiếu / the signer's identity must carry a name and a title (claims name and title) to print under the signature."],
            });
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var year = now.ToOffset(VietnamTime.Offset).Year;
            var number = await db.TakeNumberAsync(apology.UnitCode, year, given: null, cancellationToken);
            apology.Sign(number, year, now, user.FindFirstValue(TthcClaims.Subject) ?? "unknown", signer);
            foreach (var told in apology.IssueEvents(now, options.Value.PublishOnIssue))
            {
                events.Publish(db, told);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (ApologyTransitionException ex)
        {
            return Conflict(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict(ChangedMeanwhile);
        }

        link.Wake();
        return TypedResults.Ok(ApologyView.From(apology, now));
    }

    internal static bool TryParseAppointment(string? text, DateTimeOffset now, WorkingCalendar calendar, out DateOnly date)
    {
        var today = VietnamTime.DateOf(now);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date > today && date <= WorkingCalendar.MaxDate && calendar.IsWorkingDay(date);
    }

    /// <summary>The late unit's staff and the one-stop office that delivers; the provincial office sees all.</summary>
    internal static bool MaySee(ClaimsPrincipal user, Apology apology) =>
        UnitScope.CanSee(user, apology.UnitCode) || UnitScope.CanSee(user, apology.ReceivingUnitCode);

    private const string PastDeadline = "past-deadline";

    internal const string ChangedMeanwhile = "Phiếu vừa được người khác cập nhật, vui lòng tải lại / the apology changed meanwhile; reload and retry.";

    internal static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: detail, type: "https://tthc.vn/problems/invalid-transition");

    internal static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) => ProblemDetailsExtensions.Unprocessable(errors);
}

