using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Cases.Workers;
using Tthc.Contracts;

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
        IntakeRequest request, HttpRequest http, ClaimsPrincipal user, CatalogueCache catalogue, IntakeWriter writer,
        TimeProvider time, CancellationToken cancellationToken) =>
        ReceiveAsync(request, history: null, http, user, catalogue, writer, time, cancellationToken);

    /// <summary>
    /// A dossier from a province's old system: received (and perhaps decided and returned) in the past. Due instants
    /// come from the calendar as at intake, and the events live processing would have sent — received, due-soon,
    /// overdue, decided, returned — leave in that order with their historical times, so reports over past periods
    /// can be rebuilt.
    /// </summary>
    public static Task<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>> Import(
        ImportRequest request, HttpRequest http, ClaimsPrincipal user, CatalogueCache catalogue, IntakeWriter writer,
        TimeProvider time, CancellationToken cancellationToken)
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

        if (request.ReturnedAt is not null && !CaseTerms.TryParseChannel(request.ReturnChannel, out _))
        {
            errors["returnChannel"] = ["Hình thức trả kết quả phải là counter, postal hoặc online / returnChannel must be counter, postal or online."];
        }

        return errors.Count > 0
            ? Task.FromResult<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>>(Unprocessable(errors))
            : ReceiveAsync(request.ToIntake(), request, http, user, catalogue, writer, time, cancellationToken);
    }

    private static async Task<Results<Created<IntakeResponse>, ProblemHttpResult, ForbidHttpResult>> ReceiveAsync(
        IntakeRequest request, ImportRequest? history, HttpRequest http, ClaimsPrincipal user, CatalogueCache catalogue,
        IntakeWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = http.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 100)
        {
            return Unprocessable(new() { ["Idempotency-Key"] = ["Khóa tối đa 100 ký tự / the key must be at most 100 characters."] });
        }

        var procedure = request.ProcedureCode is null ? null : await catalogue.FindProcedureAsync(request.ProcedureCode, cancellationToken);
        var unit = request.UnitCode is null ? null : await catalogue.FindUnitAsync(request.UnitCode, cancellationToken);
        var errors = Validate(request, procedure, unit);
        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        if (!MayReceive(user, request.Channel!, unit!.Code))
        {
            return TypedResults.Forbid();
        }

        var subject = user.FindFirstValue(TthcClaims.Subject);
        var applicant = request.Applicant!;
        var receipt = new PendingReceipt(
            procedure!, unit, CaseTerms.TryParseChannel(request.Channel, out var channel) ? channel : IntakeChannel.Counter,
            // Names and addresses kept composed: one typed with combining accents reads, sorts and prints as the same name.
            new ApplicantDetails(VietnameseText.Composed(applicant.FullName!.Trim()), applicant.IdNumber, applicant.Phone, applicant.Email,
                applicant.Address is null ? null : VietnameseText.Composed(applicant.Address), applicant.IsOrganisation),
            request.Components ?? [], await catalogue.CalendarForAsync(procedure!.UnitCode, cancellationToken), subject ?? "unknown",
            StoredKey: key.Length == 0 ? null : $"{subject}:{key}",
            RequestHash: history is null ? Hash(request) : Hash(history),
            Secret: LookupSecret.New(),
            History: history is null ? null : new PastHandling(history.ReceivedAt!.Value, history.DecidedAt, history.ReturnedAt,
                CaseTerms.TryParseChannel(history.ReturnChannel, out var returned) ? returned : null),
            Notify: [.. (request.Notify ?? []).Select(n => n.Trim().ToLowerInvariant()).Distinct()]);

        // The number, the dossier, the idempotency record and the event are committed together by the writer, with
        // whatever other receipts arrived meanwhile.
        return await writer.WriteAsync(receipt, cancellationToken) switch
        {
            ReceiptOutcome.Written written => TypedResults.Created($"/api/cases/{written.Dossier.Code}", IntakeResponse.From(
                written.Dossier, procedure!, unit, written.CountsFrom, time.GetUtcNow(), CitizenLookup.For(http, written.Dossier.Code, receipt.Secret))),
            // Only a replay reads the database here: a new receipt needs no DbContext of its own.
            ReceiptOutcome.Replayed replayed => TypedResults.Created(
                $"/api/cases/{replayed.DossierCode}", await ReplayAsync(http, replayed.DossierCode, receipt.Secret, time.GetUtcNow(), cancellationToken)),
            _ => Unprocessable(new() { ["Idempotency-Key"] = ["Khóa đã dùng cho một hồ sơ khác / this key was used for a different request."] }),
        };
    }

    /// <summary>
    /// A retried intake answers the dossier it made. Its first secret was answered once and is kept only as a hash, so
    /// the retry carries a new one and the first stops working: whoever lost the first answer never saw it.
    /// </summary>
    private static async Task<IntakeResponse> ReplayAsync(HttpRequest http, string code, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var services = http.HttpContext.RequestServices;
        await services.GetRequiredService<CitizenSecrets>().ReplaceAsync(
            code, secret, http.HttpContext.User.FindFirstValue(TthcClaims.Subject) ?? "unknown", "Tiếp nhận được gửi lại (cùng khóa)", cancellationToken);
        return await ResponseForAsync(services.GetRequiredService<CasesDbContext>(), code, now, CitizenLookup.For(http, code, secret), cancellationToken);
    }

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

        if (!CaseTerms.TryParseChannel(request.Channel, out _))
        {
            errors["channel"] = ["Kênh tiếp nhận phải là counter, online hoặc postal / channel must be counter, online or postal."];
        }

        var applicant = request.Applicant;
        if (!FreeText.IsName(applicant?.FullName, 200))
        {
            errors["applicant.fullName"] = ["Họ tên người nộp là bắt buộc, có chữ cái, tối đa 200 ký tự / the applicant's full name is required, with a letter (at most 200 characters)."];
        }

        if (applicant?.Kind is not (null or ApplicantRequest.Person or ApplicantRequest.Organisation))
        {
            errors["applicant.kind"] = ["Người nộp là person (cá nhân) hoặc organisation (tổ chức) / kind must be person or organisation."];
        }
        else if (applicant?.IdNumber is { } id && applicant.IsOrganisation && !EnterpriseCodePattern().IsMatch(id))
        {
            errors["applicant.idNumber"] = ["Mã số doanh nghiệp gồm 10 chữ số (chi nhánh: thêm -3 chữ số) / an organisation's idNumber is its 10-digit enterprise code (a branch adds -3 digits)."];
        }
        else if (applicant?.IdNumber is { } personal && !applicant.IsOrganisation && !IdNumberPattern().IsMatch(personal))
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

        if (applicant?.Address is { } address && (address.Length > 0 && !FreeText.IsValid(address, 500)))
        {
            errors["applicant.address"] = ["Địa chỉ tối đa 500 ký tự, không chứa ký tự điều khiển / address is at most 500 characters, no control characters."];
        }

        if (request.Notify is { } notify)
        {
            var asked = notify.Select(n => n?.Trim().ToLowerInvariant()).Distinct().ToList();
            if (asked.Count > 3 || asked.Any(n => n is not ("email" or "sms" or "zalo")))
            {
                errors["notify"] = ["Kênh thông báo là email, sms hoặc zalo / notify lists channels among email, sms and zalo."];
            }
            else if (asked.Contains("email") && applicant?.Email is null)
            {
                errors["notify"] = ["Nhận thông báo qua thư điện tử cần địa chỉ thư / notify by email needs applicant.email."];
            }
            else if ((asked.Contains("sms") || asked.Contains("zalo")) && applicant?.Phone is null)
            {
                errors["notify"] = ["Nhận thông báo qua SMS hoặc Zalo cần số điện thoại / notify by sms or zalo needs applicant.phone."];
            }
        }

        if (request.Components is { } listed && (listed.Count > 100 || listed.Distinct(StringComparer.Ordinal).Count() != listed.Count))
        {
            errors["components.duplicates"] = ["Mỗi thành phần chỉ nêu một lần, tối đa 100 / each component once, at most 100."];
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

    private static async Task<IntakeResponse> ResponseForAsync(
        CasesDbContext db, string code, DateTimeOffset now, CitizenLookup lookup, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleAsync(d => d.Code == code, cancellationToken);
        var procedure = await db.Procedures.AsNoTracking().SingleAsync(p => p.Code == dossier.ProcedureCode, cancellationToken);
        var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Code == dossier.UnitCode, cancellationToken);
        return IntakeResponse.From(dossier, procedure, unit, countsFrom: null, now, lookup);
    }

    private static string Hash<T>(T request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    private static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) => ProblemDetailsExtensions.Unprocessable(errors);

    [GeneratedRegex(@"^(\d{12}|\d{9})$")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^\d{10}(-\d{3})?$")]
    private static partial Regex EnterpriseCodePattern();

    [GeneratedRegex(@"^0\d{9,10}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

/// <param name="Notify">How the citizen wants to be told of each step (email | sms | zalo, several allowed; none when absent):
/// email needs <c>applicant.email</c>, SMS and Zalo <c>applicant.phone</c>.</param>
public sealed record IntakeRequest(
    string? ProcedureCode, string? UnitCode, string? Channel, ApplicantRequest? Applicant, List<string>? Components, List<string>? Notify = null);

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
    string? ReturnChannel,
    List<string>? Notify = null)
{
    public IntakeRequest ToIntake() => new(ProcedureCode, UnitCode, Channel, Applicant, Components, Notify);
}

/// <param name="Kind"><c>person</c> (default) or <c>organisation</c> (a business or body: addressed by its name, its
/// <paramref name="IdNumber"/> the enterprise code).</param>
public sealed record ApplicantRequest(
    [property: PersonalData] string? FullName,
    [property: PersonalData] string? IdNumber,
    [property: PersonalData] string? Phone,
    [property: PersonalData] string? Email,
    [property: PersonalData] string? Address,
    string? Kind = null)
{
    public const string Person = "person";
    public const string Organisation = "organisation";

    public bool IsOrganisation => Kind == Organisation;
}

/// <summary>
/// The received dossier, as in the lists, with the receipt the citizen takes home and the secret that opens the
/// dossier's public lookup (answered here once: only its hash is kept).
/// </summary>
public sealed record IntakeResponse : CaseSummary
{
    private IntakeResponse(CaseSummary summary, Receipt receipt, CitizenLookup lookup) : base(summary) => (Receipt, LookupSecret, LookupUrl) = (receipt, lookup.Secret, lookup.Url);

    public Receipt Receipt { get; }

    /// <summary>The citizen's lookup secret, e.g. <c>7KQ2M-XD94T</c>: also printed on the receipt.</summary>
    public string LookupSecret { get; }

    /// <summary>The public lookup with the secret in it, the receipt's QR code.</summary>
    public string LookupUrl { get; }

    public static IntakeResponse From(Dossier d, Procedure procedure, Unit unit, DateTimeOffset? countsFrom, DateTimeOffset now, CitizenLookup lookup)
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
            Procedure.TimeInWords(procedure.ProcessingDays, procedure.SameDay),
            summary.ReceivedAt,
            countsFrom,
            summary.DueAt,
            $"Bộ phận Một cửa — {unit.Name}",
            lookup.Secret,
            lookup.QrUrl), lookup);
    }
}

/// <summary>Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01): what the citizen takes home.</summary>
/// <param name="LookupSecret">The secret that opens the dossier's public lookup.</param>
/// <param name="LookupQrUrl">The lookup link as a QR code to print (SVG, drawn when asked).</param>
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
    string CollectResultAt,
    string LookupSecret,
    string LookupQrUrl);
