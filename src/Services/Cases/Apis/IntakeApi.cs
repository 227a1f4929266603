using Microsoft.Extensions.Options;
using Tthc.Cases.Workers;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Cases.Apis;

/// <summary>
/// <c>POST /api/cases</c>: a dossier received at the counter, by post or online. It gets its code, its appointment and
/// its receipt (form 01), and <c>case.received</c> leaves through the outbox in the same transaction.
/// </summary>
public static partial class IntakeApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cases", Receive)
            .WithTags("Cases")
            .WithName("ReceiveCase")
            .WithSummary("Receive a dossier (officers at the counter or by post; citizens online)")
            .RequireAuthorization(p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province, TthcRoles.Citizen));
        app.MapPost("/api/cases/import", Import)
            .WithTags("Cases")
            .WithName("ImportCase")
            .WithSummary("Import a dossier from an old system, with its real times: the same events, at their historical times")
            .RequireAuthorization(TthcPolicies.Province);
        return app;
    }

    public static Task<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>> Receive(
        IntakeRequest request, HttpRequest http, ClaimsPrincipal user, CasesDbContext db, CalendarCatalog calendar,
        EventPublisher events, WriteGate gate, TimeProvider time, CancellationToken cancellationToken) =>
        ReceiveAsync(request, history: null, http, user, db, calendar, events, gate, time, cancellationToken);

    /// <summary>
    /// A dossier from a province's old system: received (and perhaps decided and returned) in the past. Due instants
    /// come from the calendar as at intake, and the events live processing would have sent — received, due-soon,
    /// overdue, decided, returned — leave in that order with their historical times, so reports over past periods
    /// can be rebuilt.
    /// </summary>
    public static Task<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>> Import(
        ImportRequest request, HttpRequest http, ClaimsPrincipal user, CasesDbContext db, CalendarCatalog calendar,
        EventPublisher events, WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (request.ReceivedAt is not { } receivedAt || receivedAt > now || receivedAt.Year < WorkingCalendar.MinDate.Year)
        {
            errors["receivedAt"] = ["Thời điểm tiếp nhận là bắt buộc và không ở tương lai / receivedAt is required and not in the future."];
        }

        if (request.DecidedAt is { } decidedAt && (decidedAt > now || (request.ReceivedAt is { } r && decidedAt < r)))
        {
            errors["decidedAt"] = ["Thời điểm có kết quả phải sau khi tiếp nhận và không ở tương lai / decidedAt must follow receivedAt and not be in the future."];
        }

        if (request.ReturnedAt is { } returnedAt && (request.DecidedAt is not { } d || returnedAt < d || returnedAt > now))
        {
            errors["returnedAt"] = ["Thời điểm trả kết quả phải sau khi có kết quả / returnedAt needs decidedAt and must follow it."];
        }

        if (request.ReturnedAt is not null && request.ReturnChannel is not ("counter" or "postal" or "online"))
        {
            errors["returnChannel"] = ["Hình thức trả kết quả phải là counter, postal hoặc online / returnChannel must be counter, postal or online."];
        }

        return errors.Count > 0
            ? Task.FromResult<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>>(Unprocessable(errors))
            : ReceiveAsync(request.ToIntake(), request, http, user, db, calendar, events, gate, time, cancellationToken);
    }

    private static async Task<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>> ReceiveAsync(
        IntakeRequest request, ImportRequest? history, HttpRequest http, ClaimsPrincipal user, CasesDbContext db, CalendarCatalog calendar,
        EventPublisher events, WriteGate writeGate, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = http.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 100)
        {
            return Unprocessable(new() { ["Idempotency-Key"] = ["Khóa tối đa 100 ký tự / the key must be at most 100 characters."] });
        }

        var storedKey = key.Length == 0 ? null : $"{user.FindFirstValue(TthcClaims.Subject)}:{key}";
        var requestHash = history is null ? Hash(request) : Hash(history);
        if (storedKey is not null &&
            await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == storedKey, cancellationToken) is { } earlier)
        {
            return earlier.RequestHash == requestHash
                ? TypedResults.Created($"/api/cases/{earlier.DossierCode}", await ResponseForAsync(db, earlier.DossierCode, time.GetUtcNow(), cancellationToken))
                : Unprocessable(new() { ["Idempotency-Key"] = ["Khóa đã dùng cho một hồ sơ khác / this key was used for a different request."] });
        }

        var procedure = request.ProcedureCode is null ? null
            : await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Code == request.ProcedureCode, cancellationToken);
        var unit = request.UnitCode is null ? null
            : await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == request.UnitCode, cancellationToken);
        var errors = Validate(request, procedure, unit);
        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        if (!MayReceive(user, request.Channel!, unit!.Code))
        {
            return TypedResults.Forbid();
        }

        var receivedAt = history?.ReceivedAt?.ToUniversalTime() ?? time.GetUtcNow();
        var deadline = calendar.Current.Compute(receivedAt, procedure!.ProcessingDays, request.Channel == "online", procedure.SameDay);
        var day = DateOnly.FromDateTime(receivedAt.ToOffset(WorkingCalendar.VietnamOffset).DateTime);

        // One transaction: the number, the dossier, the idempotency record and the event stand or fall together.
        // Receipts queue at the write gate (and SQLite's write lock), so numbers have no gaps.
        using var turn = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sequence = await db.UnitDaySequences.SingleOrDefaultAsync(s => s.UnitCode == unit.Code && s.Day == day, cancellationToken);
        if (sequence is null)
        {
            sequence = new UnitDaySequence { UnitCode = unit.Code, Day = day };
            db.UnitDaySequences.Add(sequence);
        }

        sequence.Last++;
        var dossier = new Dossier
        {
            Code = DossierCode(unit.Code, day, sequence.Last),
            UnitCode = unit.Code,
            ProcedureCode = procedure.Code,
            Channel = Enum.Parse<IntakeChannel>(request.Channel!, ignoreCase: true),
            ApplicantName = request.Applicant!.FullName!.Trim(),
            ApplicantIdNumber = request.Applicant.IdNumber,
            ApplicantPhone = request.Applicant.Phone,
            ApplicantEmail = request.Applicant.Email,
            ApplicantAddress = request.Applicant.Address,
            Components = request.Components ?? [],
            ProcessingDays = procedure.ProcessingDays,
            SameDay = procedure.SameDay,
            ResponsibleUnitCode = procedure.UnitCode,
            ReceivedAt = receivedAt,
            DueAt = deadline.DueAt.ToUniversalTime(),
        };
        dossier.ArmWatch(calendar.Current, http.HttpContext.RequestServices.GetRequiredService<IOptions<WatchOptions>>().Value.DueSoonWorkingDays);
        var actor = user.FindFirstValue(TthcClaims.Subject) ?? "unknown";
        db.Dossiers.Add(dossier);
        db.History.Add(new DossierHistoryEntry
        {
            DossierCode = dossier.Code,
            At = receivedAt,
            Actor = actor,
            Action = history is null ? "received" : "imported",
            ToStatus = dossier.Status,
            Detail = $"Tiếp nhận qua kênh {request.Channel}; hẹn trả {VietnamTime(dossier.DueAt)}",
        });
        if (storedKey is not null)
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord { Key = storedKey, RequestHash = requestHash, DossierCode = dossier.Code, CreatedAt = receivedAt });
        }

        events.Publish(db, new CaseReceived
        {
            OccurredAt = receivedAt,
            CaseCode = dossier.Code,
            UnitCode = dossier.UnitCode,
            ProcedureCode = dossier.ProcedureCode,
            ResponsibleUnitCode = dossier.ResponsibleUnitCode ?? dossier.UnitCode,
            Channel = request.Channel!,
            ReceivedAt = receivedAt,
            DueAt = dossier.DueAt,
        });
        if (history is not null)
        {
            ReplayHistory(dossier, history, calendar.Current, events, db, actor, time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created($"/api/cases/{dossier.Code}", IntakeResponse.From(dossier, procedure, unit, deadline.CountsFrom, time.GetUtcNow()));
    }

    /// <summary>What live processing would have said after the receipt, in order, at the times it would have said it.</summary>
    private static void ReplayHistory(Dossier dossier, ImportRequest history, WorkingCalendar calendar, EventPublisher events,
        CasesDbContext db, string actor, DateTimeOffset now)
    {
        var responsible = dossier.ResponsibleUnitCode ?? dossier.UnitCode;
        var end = history.DecidedAt?.ToUniversalTime() ?? now;
        var dueSoonAt = dossier.NextWatchAt!.Value;
        if (dueSoonAt < end && dueSoonAt < dossier.DueAt && dueSoonAt > dossier.ReceivedAt)
        {
            events.Publish(db, new CaseBecameDueSoon
            {
                OccurredAt = dueSoonAt, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, ResponsibleUnitCode = responsible, DueAt = dossier.DueAt,
            });
            dossier.Watch = WatchStage.DueSoonSent;
            dossier.NextWatchAt = dossier.DueAt.AddTicks(1);
        }

        if (dossier.DueAt < end)
        {
            events.Publish(db, new CaseBecameOverdue
            {
                OccurredAt = dossier.DueAt, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, ResponsibleUnitCode = responsible, DueAt = dossier.DueAt,
            });
            dossier.Watch = WatchStage.OverdueSent;
            dossier.NextWatchAt = null;
        }

        if (history.DecidedAt is { } decidedAt)
        {
            var from = dossier.Status;
            dossier.Decide(decidedAt.ToUniversalTime(), calendar);
            db.History.Add(new DossierHistoryEntry
            {
                DossierCode = dossier.Code, At = dossier.DecidedAt!.Value, Actor = actor, Action = "decided", FromStatus = from,
                ToStatus = dossier.Status, Detail = $"Có kết quả ({dossier.Timeliness}), nhập từ hệ thống cũ",
            });
            events.Publish(db, new CaseDecided
            {
                OccurredAt = dossier.DecidedAt.Value, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, ResponsibleUnitCode = responsible,
                DecidedAt = dossier.DecidedAt.Value, DueAt = dossier.DueAt, Timeliness = dossier.Timeliness!, WorkingDaysLate = dossier.WorkingDaysLate,
            });
        }

        if (history.ReturnedAt is { } returnedAt)
        {
            dossier.Return(returnedAt.ToUniversalTime());
            db.History.Add(new DossierHistoryEntry
            {
                DossierCode = dossier.Code, At = dossier.ReturnedAt!.Value, Actor = actor, Action = "returned", FromStatus = DossierStatus.Decided,
                ToStatus = dossier.Status, Detail = $"Đã trả kết quả ({history.ReturnChannel}), nhập từ hệ thống cũ",
            });
            events.Publish(db, new CaseReturned
            {
                OccurredAt = dossier.ReturnedAt.Value, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, Channel = history.ReturnChannel!,
            });
        }
    }

    private static string VietnamTime(DateTimeOffset instant) =>
        instant.ToOffset(WorkingCalendar.VietnamOffset).ToString("HH:mm dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>&lt;unit ID code&gt;-&lt;YYMMDD&gt;-&lt;sequence, at least 4 digits&gt;</c> (Circular 04/2025).</summary>
    public static string DossierCode(string unitCode, DateOnly day, int sequence) =>
        $"{unitCode}-{day.ToString("yyMMdd", CultureInfo.InvariantCulture)}-{sequence.ToString("D4", CultureInfo.InvariantCulture)}";

    private static Dictionary<string, string[]> Validate(IntakeRequest request, Procedure? procedure, Unit? unit)
    {
        var errors = new Dictionary<string, string[]>();
        if (procedure is null)
        {
            errors["procedureCode"] = ["Không có thủ tục này / procedureCode is not a procedure of the catalogue."];
        }

        if (unit is null)
        {
            errors["unitCode"] = ["Không có đơn vị này / unitCode is not a unit of the province."];
        }

        if (request.Channel is not ("counter" or "online" or "postal"))
        {
            errors["channel"] = ["Kênh tiếp nhận phải là counter, online hoặc postal / channel must be counter, online or postal."];
        }

        var applicant = request.Applicant;
        if (string.IsNullOrWhiteSpace(applicant?.FullName) || applicant.FullName.Length > 200)
        {
            errors["applicant.fullName"] = ["Họ tên người nộp là bắt buộc, tối đa 200 ký tự / the applicant's full name is required (at most 200 characters)."];
        }

        if (applicant?.IdNumber is { } id && !IdNumberPattern().IsMatch(id))
        {
            errors["applicant.idNumber"] = ["Số định danh gồm 12 chữ số (hoặc CMND 9 chữ số) / idNumber must be 12 digits (or an old 9-digit ID)."];
        }

        if (applicant?.Phone is { } phone && !PhonePattern().IsMatch(phone))
        {
            errors["applicant.phone"] = ["Số điện thoại không hợp lệ / phone must be 10 or 11 digits."];
        }

        if (applicant?.Email is { } email && !EmailPattern().IsMatch(email))
        {
            errors["applicant.email"] = ["Địa chỉ thư điện tử không hợp lệ / email is not an address."];
        }

        if (procedure is not null)
        {
            var given = (request.Components ?? []).ToHashSet(StringComparer.Ordinal);
            var missing = procedure.Components.Where(c => c.Required && !given.Contains(c.Id)).Select(c => $"{c.Id}: {c.Name}").ToArray();
            var unknown = given.Where(g => procedure.Components.All(c => c.Id != g)).ToArray();
            if (missing.Length > 0)
            {
                // Everything missing, in one notice.
                errors["components"] = ["Thiếu thành phần hồ sơ bắt buộc / required components are missing:", .. missing];
            }

            if (unknown.Length > 0)
            {
                errors["components.unknown"] = [$"Thành phần không thuộc thủ tục / not components of this procedure: {string.Join(", ", unknown)}"];
            }
        }

        return errors;
    }

    /// <summary>Citizens submit online; officers and leaders receive for their own unit; the province for any.</summary>
    private static bool MayReceive(ClaimsPrincipal user, string channel, string unitCode) =>
        user.IsInRole(TthcRoles.Province)
        || ((user.IsInRole(TthcRoles.Officer) || user.IsInRole(TthcRoles.Leader)) && user.UnitCode() == unitCode)
        || (user.IsInRole(TthcRoles.Citizen) && channel == "online");

    private static async Task<IntakeResponse> ResponseForAsync(CasesDbContext db, string code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code, cancellationToken);
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Code == dossier.ProcedureCode, cancellationToken);
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == dossier.UnitCode, cancellationToken);
        return IntakeResponse.From(dossier, procedure, unit, countsFrom: null, now);
    }

    private static string Hash<T>(T request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    private static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity });

    [GeneratedRegex(@"^(\d{12}|\d{9})$")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^0\d{9,10}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

public sealed record IntakeRequest(string? ProcedureCode, string? UnitCode, string? Channel, ApplicantRequest? Applicant, List<string>? Components);

/// <summary>An intake body with the dossier's real times from the old system.</summary>
public sealed record ImportRequest(
    string? ProcedureCode,
    string? UnitCode,
    string? Channel,
    ApplicantRequest? Applicant,
    List<string>? Components,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ReturnedAt,
    string? ReturnChannel)
{
    public IntakeRequest ToIntake() => new(ProcedureCode, UnitCode, Channel, Applicant, Components);
}

public sealed record ApplicantRequest(string? FullName, string? IdNumber, string? Phone, string? Email, string? Address);

/// <summary>The received dossier, as in the lists, with the receipt the citizen takes home.</summary>
public sealed record IntakeResponse : CaseSummary
{
    private IntakeResponse(CaseSummary summary, Receipt receipt) : base(summary) => Receipt = receipt;

    public Receipt Receipt { get; }

    public static IntakeResponse From(Dossier d, Procedure procedure, Unit unit, DateTimeOffset? countsFrom, DateTimeOffset now)
    {
        var summary = CaseSummary.From(d, now);
        return new IntakeResponse(summary, new Receipt(
            "01",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            d.Code,
            unit.Name,
            procedure.Name,
            d.ApplicantName,
            procedure.Components.Where(c => d.Components.Contains(c.Id)).Select(c => c.Name).ToList(),
            procedure.SameDay ? "Giải quyết trong ngày" : $"{procedure.ProcessingDays.ToString(CultureInfo.InvariantCulture)} ngày làm việc",
            summary.ReceivedAt,
            countsFrom,
            summary.DueAt,
            $"Bộ phận Một cửa — {unit.Name}"));
    }
}

/// <summary>Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01): what the citizen takes home.</summary>
public sealed record Receipt(
    string Form,
    string Title,
    string DossierCode,
    string ReceivingUnit,
    string Procedure,
    string Applicant,
    IReadOnlyList<string> Components,
    string StatutoryTime,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CountsFrom,
    DateTimeOffset AppointmentAt,
    string CollectResultAt);
