using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Documents;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Extensions;
using Tthc.Apologies.Grpc;
using Tthc.Apologies.Notifications;
using Tthc.Apologies.Workers;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Apologies.Apis;

/// <summary>
/// The apology's workflow for the late unit and the one-stop office: the officer gives the reason and the new date,
/// the leader signs (the number is given then), the one-stop office records the delivery; the provincial office imports
/// the old system's apologies.
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
        api.MapPost("/{id:guid}/deliveries", Deliver).WithName("DeliverApology").WithSummary("Record (and send) the delivery to the citizen");
        api.MapGet("/{id:guid}/document.docx", Document).WithName("ApologyDocument").WithSummary("The form as a Word document");
        api.MapPost("/import", Import).WithName("ImportApology").WithSummary("A historical apology from the old system")
            .RequireAuthorization(TthcPolicies.Province);

        // For machines rebuilding a read model (Reporting) and the data platform: every issued apology, in issue order.
        app.MapGet("/api/apologies/issued", ListIssued).WithTags("Apologies").WithName("ListIssuedApologies")
            .WithSummary("Every issued apology, oldest first, paged").RequireAuthorization(TthcPolicies.Platform);
        return app;
    }

    public static async Task<Results<Ok<IssuedPage>, ValidationProblem>> ListIssued(
        ApologiesDbContext db, int? pageSize = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var size = pageSize ?? 500;
        if (size is < 1 or > 5000 || !TryParseCursor(cursor, out var after))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["pageSize"] = ["pageSize 1–5000, cursor as returned / pageSize must be 1 to 5000 and cursor one this API returned."],
            });
        }

        var from = after ?? DateTimeOffset.MinValue;
        var query = db.Apologies.AsNoTracking().Where(a => a.Status == ApologyStatus.Issued && a.IssuedAt > from);
        var rows = await query.OrderBy(a => a.IssuedAt).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > size)
        {
            // Apologies issued at the same instant never straddle two pages.
            var boundary = rows[size].IssuedAt;
            var page = rows.Take(size).Where(r => r.IssuedAt != boundary).ToList();
            rows = page.Count > 0 ? page : await query.Where(a => a.IssuedAt == boundary).ToListAsync(cancellationToken);
            next = rows[^1].IssuedAt!.Value.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(new IssuedPage(
            rows.ConvertAll(a => new IssuedApologyView(a.CaseCode, a.UnitCode, a.IssuedAt!.Value, a.IssuedLate, a.NumberText!)), next));
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

        if (!TryParseCursor(cursor, out var before))
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

        var query = db.Apologies.AsNoTracking();
        if (!string.IsNullOrEmpty(unitCode))
        {
            query = query.Where(a => a.UnitCode == unitCode || a.ReceivingUnitCode == unitCode);
        }

        var now = time.GetUtcNow();
        if (pastDeadline)
        {
            query = query.Where(a => (a.Status == ApologyStatus.Draft || a.Status == ApologyStatus.AwaitingSignature) && a.LegalDeadline < now);
        }
        else if (wanted is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (!string.IsNullOrEmpty(caseCode))
        {
            query = query.Where(a => a.CaseCode == caseCode);
        }

        if (before is { } instant)
        {
            query = query.Where(a => a.DraftedAt < instant);
        }

        var rows = await query.OrderByDescending(a => a.DraftedAt).Take(size + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > size)
        {
            // Rows drafted at the same instant never straddle two pages: the cursor is that instant.
            var boundary = rows[size].DraftedAt;
            var page = rows.Take(size).Where(r => r.DraftedAt != boundary).ToList();
            if (page.Count == 0)
            {
                page = await query.Where(a => a.DraftedAt == boundary).ToListAsync(cancellationToken);
            }

            rows = page;
            next = rows[^1].DraftedAt.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

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
        Guid id, CompleteApologyRequest request, ClaimsPrincipal user, ApologiesDbContext db, CalendarCatalog calendar,
        WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
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
            apology.Version++;
            using var turn = await gate.EnterAsync(cancellationToken);
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
        CasesLink link, WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        using var turn = await gate.EnterAsync(cancellationToken);
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
            var number = await NextNumberAsync(db, apology.UnitCode, year, cancellationToken);
            apology.Sign(number, year, now, user.FindFirstValue(TthcClaims.Subject) ?? "unknown", signer);
            apology.Version++;
            Issue(db, events, options.Value, apology, now);
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

    public static async Task<Results<Created<DeliveryView>, NotFound, ProblemHttpResult>> Deliver(
        Guid id, DeliveryRequest request, ClaimsPrincipal user, ApologiesDbContext db, EventPublisher events, IApologyNotifier notifier,
        WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var channel = request.Channel?.Trim().ToLowerInvariant();
        if (channel is null || !ApologyDelivery.Channels.Contains(channel))
        {
            return Unprocessable(new() { ["channel"] = [$"Hình thức gửi không hợp lệ / channel must be one of: {string.Join(", ", ApologyDelivery.Channels)}."] });
        }

        var apology = await db.Apologies.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !MaySee(user, apology))
        {
            return TypedResults.NotFound();
        }

        if (apology.Status != ApologyStatus.Issued)
        {
            return Conflict("Chỉ gửi phiếu đã ký ban hành / only an issued apology can be delivered.");
        }

        var now = time.GetUtcNow();
        if (channel is "email" or "sms" or "zalo")
        {
            var recipient = channel == "email" ? apology.Details?.ApplicantEmail : apology.Details?.ApplicantPhone;
            if (recipient is null)
            {
                return Unprocessable(new() { ["channel"] = [channel == "email"
                    ? "Hồ sơ không có địa chỉ thư điện tử / the dossier has no email address."
                    : "Hồ sơ không có số điện thoại / the dossier has no phone number."] });
            }

            try
            {
                await notifier.SendAsync(Notice(apology, channel, recipient), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The mail or SMS gateway failed: nothing is recorded, the officer can retry or deliver another way.
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://tthc.vn/problems/notification-failed",
                    detail: $"Không gửi được qua {channel}, vui lòng thử lại hoặc chọn hình thức khác / sending by {channel} failed; retry or deliver another way.");
            }
        }

        var delivery = new ApologyDelivery
        {
            ApologyId = apology.Id, Channel = channel, At = now, RecordedBy = user.FindFirstValue(TthcClaims.Subject) ?? "unknown",
            Note = request.Note is { Length: > 0 } note ? note[..Math.Min(note.Length, 500)] : null,
        };
        db.Deliveries.Add(delivery);
        events.Publish(db, new ApologyDelivered
        {
            OccurredAt = now, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode, Channel = channel,
        });
        using (await gate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Created($"/api/apologies/{apology.Id}", DeliveryView.From(delivery));
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> Document(
        Guid id, ClaimsPrincipal user, ApologiesDbContext db, IOptions<ApologiesOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var apology = await db.Apologies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !MaySee(user, apology))
        {
            return TypedResults.NotFound();
        }

        if (apology.Details is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/details-pending",
                detail: "Đang lấy thông tin hồ sơ từ hệ thống một cửa, vui lòng thử lại sau ít giây / the dossier's facts are still being fetched; retry in a few seconds.");
        }

        return TypedResults.File(ApologyDocument.Render(apology, options.Value, time.GetUtcNow()), ApologyDocument.ContentType,
            $"phieu-xin-loi-{apology.CaseCode}.docx");
    }

    /// <summary>
    /// A historical apology: the dossier must be known to Cases; an open draft is replaced; a dossier that already has
    /// an issued apology gets 409 (200 when the same apology is imported again, so a migration can be re-run).
    /// </summary>
    public static async Task<Results<Created<ApologyView>, Ok<ApologyView>, ProblemHttpResult>> Import(
        ImportApologyRequest request, ApologiesDbContext db, ICasesClient cases, EventPublisher events, IOptions<ApologiesOptions> options,
        CalendarCatalog calendar, CasesLink link, WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
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
            return Unprocessable(errors);
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
            return Unprocessable(new() { ["caseCode"] = [$"Không có hồ sơ {request.CaseCode} / no dossier {request.CaseCode}; import the dossier first."] });
        }

        var issued = request.IssuedAt!.Value.ToUniversalTime();
        var year = issued.ToOffset(VietnamTime.Offset).Year;
        using var turn = await gate.EnterAsync(cancellationToken);
        var apology = await db.Apologies.SingleOrDefaultAsync(a => a.CaseCode == request.CaseCode && a.Status != ApologyStatus.Cancelled, cancellationToken);
        if (apology is { Status: ApologyStatus.Issued })
        {
            return apology.IssuedAt == issued && apology.Reason == reason && (number is null || apology.Number == number)
                ? TypedResults.Ok(ApologyView.From(apology, now))
                : Conflict($"Hồ sơ đã có phiếu xin lỗi số {apology.NumberText} / the dossier already has apology {apology.NumberText}.");
        }

        if (number is { } given && await db.Apologies.AnyAsync(a => a.UnitCode == facts.ResponsibleUnitCode && a.NumberYear == year && a.Number == given, cancellationToken))
        {
            return Conflict($"Số {given}/PXL năm {year} đã được dùng / number {given}/PXL of {year} is already taken.");
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
        var assigned = number is { } fixedNumber
            ? await TakeNumberAsync(db, apology.UnitCode, year, fixedNumber, cancellationToken)
            : await NextNumberAsync(db, apology.UnitCode, year, cancellationToken);
        apology.Import(reason!, newDate, assigned, year, issued,
            reschedule: facts.IsOpen && facts.RescheduledTo is null && newDate > VietnamTime.DateOf(now), signer);
        apology.Version++;
        Issue(db, events, options.Value, apology, issued);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        link.Wake();
        return TypedResults.Created($"/api/apologies/{apology.Id}", ApologyView.From(apology, now));
    }

    /// <summary>The issue's events, at the instant of issue; published at once unless the province turned it off.</summary>
    private static void Issue(ApologiesDbContext db, EventPublisher events, ApologiesOptions options, Apology apology, DateTimeOffset at)
    {
        events.Publish(db, new ApologyIssued
        {
            OccurredAt = at, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode, Number = apology.NumberText!,
            NewAppointmentDate = apology.NewAppointmentDate!.Value, IssuedLate = apology.IssuedLate, OriginalDueAt = apology.OriginalDueAt,
            ProcedureCode = apology.ProcedureCode,
        });
        if (options.PublishOnIssue)
        {
            apology.Publish(at);
            events.Publish(db, new ApologyPublished { OccurredAt = at, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode });
        }
    }

    private static async Task<int> NextNumberAsync(ApologiesDbContext db, string unitCode, int year, CancellationToken cancellationToken)
    {
        var sequence = await SequenceAsync(db, unitCode, year, cancellationToken);
        return ++sequence.Last;
    }

    /// <summary>A number from the old system: kept as it was, and the sequence continues after the highest.</summary>
    private static async Task<int> TakeNumberAsync(ApologiesDbContext db, string unitCode, int year, int number, CancellationToken cancellationToken)
    {
        var sequence = await SequenceAsync(db, unitCode, year, cancellationToken);
        sequence.Last = Math.Max(sequence.Last, number);
        return number;
    }

    private static async Task<ApologySequence> SequenceAsync(ApologiesDbContext db, string unitCode, int year, CancellationToken cancellationToken)
    {
        var sequence = await db.Sequences.FindAsync([unitCode, year], cancellationToken);
        if (sequence is null)
        {
            sequence = new ApologySequence { UnitCode = unitCode, Year = year };
            db.Sequences.Add(sequence);
        }

        return sequence;
    }

    private static CitizenNotice Notice(Apology apology, string channel, string recipient)
    {
        var date = apology.NewAppointmentDate!.Value;
        var unit = apology.Details?.UnitName ?? apology.UnitCode;
        var body = $"Kính gửi {apology.Details?.Addressee}. {unit} xin lỗi vì chưa trả kết quả hồ sơ {apology.CaseCode} đúng hẹn. " +
                   $"Lý do: {apology.Reason} Ngày hẹn trả kết quả mới: {date:dd'/'MM'/'yyyy}. Phiếu xin lỗi số {apology.NumberText}.";
        return new CitizenNotice(channel, recipient, $"Phiếu xin lỗi về hồ sơ {apology.CaseCode}", body);
    }

    /// <summary>A page cursor is the UTC ticks of the last instant on the previous page; absent means the first page.</summary>
    private static bool TryParseCursor(string? cursor, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        instant = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    internal static bool TryParseAppointment(string? text, DateTimeOffset now, WorkingCalendar calendar, out DateOnly date)
    {
        var today = VietnamTime.DateOf(now);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date > today && date <= WorkingCalendar.MaxDate && calendar.IsWorkingDay(date);
    }

    /// <summary>The late unit's staff and the one-stop office that delivers; the provincial office sees all.</summary>
    private static bool MaySee(ClaimsPrincipal user, Apology apology) =>
        UnitScope.CanSee(user, apology.UnitCode) || UnitScope.CanSee(user, apology.ReceivingUnitCode);

    private const string PastDeadline = "past-deadline";

    private const string ChangedMeanwhile = "Phiếu vừa được người khác cập nhật, vui lòng tải lại / the apology changed meanwhile; reload and retry.";

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: detail, type: "https://tthc.vn/problems/invalid-transition");

    private static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) => ProblemDetailsExtensions.Unprocessable(errors);
}

public sealed record CompleteApologyRequest(string? Reason, string? NewAppointmentDate);

public sealed record DeliveryRequest(string? Channel, string? Note);

/// <param name="SignerName">Who signed the old letter, with <paramref name="SignerTitle"/> (optional: printed when known).</param>
public sealed record ImportApologyRequest(
    string? CaseCode, DateTimeOffset? IssuedAt, string? Reason, string? NewAppointmentDate, string? Number, string? SignerName = null, string? SignerTitle = null);

public sealed record ApologyPage(List<ApologyView> Items, string? NextCursor);

public sealed record IssuedApologyView(string CaseCode, string UnitCode, DateTimeOffset IssuedAt, bool IssuedLate, string Number);

public sealed record IssuedPage(List<IssuedApologyView> Items, string? NextCursor);

public sealed record DeliveryView(string Channel, DateTimeOffset At, string RecordedBy, string? Note)
{
    public static DeliveryView From(ApologyDelivery d) => new(d.Channel, d.At, d.RecordedBy, d.Note);
}

public sealed record ApologyView(
    Guid Id,
    string CaseCode,
    string UnitCode,
    string? UnitName,
    string ReceivingUnitCode,
    string ProcedureCode,
    string? ProcedureName,
    string? ApplicantName,
    string Status,
    string OpenedBy,
    string? Number,
    string? Reason,
    DateTimeOffset OriginalDueAt,
    DateTimeOffset LegalDeadline,
    bool PastLegalDeadline,
    DateOnly? NewAppointmentDate,
    DateTimeOffset DraftedAt,
    DateTimeOffset? IssuedAt,
    bool IssuedLate,
    DateTimeOffset? PublishedAt,
    string Reschedule,
    string? RescheduleNote,
    string? CancelReason,
    bool ReportedMissing,
    IReadOnlyList<DeliveryView> Deliveries)
{
    public static ApologyView From(Apology a, DateTimeOffset now) => new(
        a.Id, a.CaseCode, a.UnitCode, a.Details?.UnitName, a.ReceivingUnitCode, a.ProcedureCode, a.Details?.ProcedureName,
        a.Details?.ApplicantName, ApologyStatusNames.Name(a.Status), a.OpenedBy, a.NumberText, a.Reason, a.OriginalDueAt, a.LegalDeadline,
        a.IsOpen && now > a.LegalDeadline, a.NewAppointmentDate, a.DraftedAt, a.IssuedAt, a.IssuedLate, a.PublishedAt,
        a.Reschedule.ToString().ToLowerInvariant(), a.RescheduleNote, a.CancelReason, a.ReportedMissing,
        a.Deliveries.OrderBy(d => d.At).Select(DeliveryView.From).ToList());
}
