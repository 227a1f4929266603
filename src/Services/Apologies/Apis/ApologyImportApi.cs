using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Grpc;
using Tthc.Apologies.Workers;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.Apis;

/// <summary>
/// The provincial office brings the old system's apologies; machines rebuilding a read model (Reporting) and the data
/// platform page through every issued one.
/// </summary>
public static class ApologyImportApi
{
    public static IEndpointRouteBuilder MapApologyImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/apologies/import", Import).WithTags("Apologies").WithName("ImportApology")
            .WithSummary("A historical apology from the old system").RequireAuthorization(TthcPolicies.Province);
        app.MapGet("/api/apologies/issued", ListIssued).WithTags("Apologies").WithName("ListIssuedApologies")
            .WithSummary("Every issued apology, oldest first, paged").RequireAuthorization(TthcPolicies.Platform);
        return app;
    }

    public static async Task<Results<Ok<IssuedPage>, ValidationProblem>> ListIssued(
        ApologiesDbContext db, int? pageSize = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var size = pageSize ?? 500;
        if (size is < 1 or > 5000 || !ApologyQueries.TryParseCursor(cursor, out var after))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["pageSize"] = ["pageSize 1–5000, cursor as returned / pageSize must be 1 to 5000 and cursor one this API returned."],
            });
        }

        var (rows, next) = await db.IssuedPageAsync(after, size, cancellationToken);
        return TypedResults.Ok(new IssuedPage(
            rows.ConvertAll(a => new IssuedApologyView(a.CaseCode, a.UnitCode, a.IssuedAt!.Value, a.IssuedLate, a.NumberText!)), next));
    }

    /// <summary>
    /// A historical apology: the dossier must be known to Cases; an open draft is replaced; a dossier that already has
    /// an issued apology gets 409 (200 when the same apology is imported again, so a migration can be re-run).
    /// </summary>
    public static async Task<Results<Created<ApologyView>, Ok<ApologyView>, ProblemHttpResult>> Import(
        ImportApologyRequest request, ApologiesDbContext db, ICasesClient cases, EventPublisher events, IOptions<ApologiesOptions> options,
        CalendarsInForce calendar, CasesFollowUp link, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.CaseCode))
        {
            errors["caseCode"] = ["Thiếu mã hồ sơ / caseCode is required."];
        }

        if (request.IssuedAt is not { } issuedAt || issuedAt > now)
        {
            errors["issuedAt"] = ["Thời điểm ký phải có và không ở tương lai / issuedAt is required and not in the future."];
        }

        var reason = request.Reason?.Trim();
        if (!FreeText.IsValid(reason))
        {
            errors["reason"] = ["Phải nêu lý do chậm trễ (tối đa 2000 ký tự, không chứa ký tự điều khiển) / the reason is required (at most 2000 characters, no control characters)."];
        }

        if (!DateOnly.TryParseExact(request.NewAppointmentDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var newDate))
        {
            errors["newAppointmentDate"] = ["Ngày hẹn mới dạng YYYY-MM-DD / newAppointmentDate must be YYYY-MM-DD."];
        }

        int? number = null;
        if (request.Number is { Length: > 0 } text)
        {
            var digits = text.EndsWith("/PXL", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                number = n;
            }
            else
            {
                errors["number"] = ["Số phiếu dạng <n> hoặc <n>/PXL / number must be <n> or <n>/PXL."];
            }
        }

        var signer = Signer.From(request.SignerName, request.SignerTitle);
        if (signer is null && (request.SignerName is not null || request.SignerTitle is not null))
        {
            errors["signerName"] = ["Người ký cần cả họ tên và chức vụ, mỗi mục tối đa 100 ký tự / signerName and signerTitle go together, each at most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return ApologiesApi.Unprocessable(errors);
        }

        CaseFacts? facts;
        try
        {
            facts = await cases.GetAsync(request.CaseCode!, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://tthc.vn/problems/cases-unavailable",
                detail: "Không kết nối được hệ thống hồ sơ, vui lòng thử lại / Cases is unreachable; retry later.");
        }

        if (facts is null)
        {
            return ApologiesApi.Unprocessable(new() { ["caseCode"] = [$"Không có hồ sơ {request.CaseCode} / no dossier {request.CaseCode}; import the dossier first."] });
        }

        var issued = request.IssuedAt!.Value.ToUniversalTime();
        var year = issued.ToOffset(VietnamTime.Offset).Year;
        using var turn = await db.WriteTurnAsync(cancellationToken);
        var apology = await db.Apologies.SingleOrDefaultAsync(a => a.CaseCode == request.CaseCode && a.Status != ApologyStatus.Cancelled, cancellationToken);
        bool SameLetter(Apology recorded) => recorded.IssuedAt == issued && recorded.Reason == reason && (number is null || recorded.Number == number);
        if (apology is { Status: ApologyStatus.Issued })
        {
            return SameLetter(apology)
                ? TypedResults.Ok(ApologyView.From(apology, now))
                : ApologiesApi.Conflict($"Hồ sơ đã có phiếu xin lỗi số {apology.NumberText} / the dossier already has apology {apology.NumberText}.");
        }

        if (number is { } given && await db.Apologies.AsNoTracking()
                .FirstOrDefaultAsync(a => a.UnitCode == facts.ResponsibleUnitCode && a.NumberYear == year && a.Number == given, cancellationToken) is { } holder)
        {
            // Held by this very letter when another replica imported it since we looked: a re-run's answer.
            return holder.CaseCode == request.CaseCode && holder.Status == ApologyStatus.Issued && SameLetter(holder)
                ? TypedResults.Ok(ApologyView.From(holder, now))
                : ApologiesApi.Conflict($"Số {given}/PXL năm {year} đã được dùng / number {given}/PXL of {year} is already taken.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (apology is null)
        {
            apology = new Apology
            {
                CaseCode = request.CaseCode!, UnitCode = facts.ResponsibleUnitCode, ReceivingUnitCode = facts.ReceivingUnitCode,
                ProcedureCode = facts.ProcedureCode, OriginalDueAt = facts.DueAt, OpenedBy = "import", DraftedAt = issued,
                LegalDeadline = Apology.LegalDeadlineFor(facts.DueAt, calendar.Current),
            };
            db.Apologies.Add(apology);
        }

        apology.Describe(facts.Details);
        var assigned = await db.TakeNumberAsync(apology.UnitCode, year, number, cancellationToken);
        apology.Import(reason!, newDate, assigned, year, issued,
            reschedule: facts.IsOpen && facts.RescheduledTo is null && newDate > VietnamTime.DateOf(now), signer);
        foreach (var told in apology.IssueEvents(issued, options.Value.PublishOnIssue))
        {
            events.Publish(db, told);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(ex))
        {
            // Another replica recorded the dossier's letter, or took its number, since we looked. The same letter (a
            // migration run twice at once) gets the answer it would have had coming second; anything else is a conflict.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var recorded = await db.Apologies.AsNoTracking()
                .SingleOrDefaultAsync(a => a.CaseCode == request.CaseCode && a.Status == ApologyStatus.Issued, cancellationToken);
            if (recorded is not null && SameLetter(recorded))
            {
                return TypedResults.Ok(ApologyView.From(recorded, now));
            }

            return ApologiesApi.Conflict($"Phiếu của hồ sơ {request.CaseCode} hoặc số {assigned}/PXL năm {year} vừa được ghi / the dossier's letter, or number {assigned}/PXL of {year}, was just recorded meanwhile.");
        }

        await transaction.CommitAsync(cancellationToken);
        link.Wake();
        return TypedResults.Created($"/api/apologies/{apology.Id}", ApologyView.From(apology, now));
    }
}
