using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Cases.Workers;
using Tthc.Contracts;

namespace Tthc.Cases.Apis;

/// <summary>
/// What a citizen does with the secret on the receipt, without an account: follow the dossier (no personal data in
/// the answer) and withdraw it. A wrong secret and an unknown code give the same 404, so codes cannot be probed; ten
/// wrong secrets shut the dossier's lookup (429) for a time that grows, whoever sent them (<see cref="LookupGuards"/>).
/// A citizen who lost the receipt gets a new secret at the counter.
/// </summary>
public static class PublicCasesApi
{
    public static IEndpointRouteBuilder MapPublicCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/public/cases/{code}").WithTags("Public").AllowAnonymous();
        api.MapGet("", Lookup).WithSummary("A dossier's progress, for the citizen who holds its receipt (?secret=)");
        api.MapPost("/withdraw", Withdraw).WithSummary("The citizen withdraws the dossier, with the receipt's secret and a reason");
        api.MapGet("/qr.svg", Qr).WithSummary("The lookup link as a QR code (SVG), for the printed receipt (?secret=)")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");

        app.MapPost("/api/cases/{code}/lookup-secret", ReplaceSecret)
            .WithTags("Cases")
            .WithSummary("A new lookup secret for a citizen who lost the receipt (the old one stops working)")
            .RequireAuthorization(p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province));
        return app;
    }

    public static async Task<Results<Ok<PublicCaseView>, RedirectHttpResult, ProblemHttpResult>> Lookup(
        string code, HttpRequest request, HttpResponse response, CitizenSecrets secrets, CasesDbContext db, CatalogueCache catalogue,
        IOptions<IntakeOptions> options, TimeProvider time, string? secret = null, CancellationToken cancellationToken = default)
    {
        if (options.Value.PortalLookupPath is { Length: > 0 } portal && !PublicPages.WantsJson(request)
            && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "text/html" && (a.Quality ?? 1) > 0))
        {
            // A phone that scanned the receipt's QR code: the portal's lookup page shows the dossier (same host, the gateway).
            response.Headers.CacheControl = "no-store";
            return TypedResults.Redirect($"{portal}?ma={Uri.EscapeDataString(code)}&secret={Uri.EscapeDataString(secret ?? "")}");
        }

        var check = await secrets.CheckAsync(code, secret, cancellationToken);
        if (check.Dossier is not { } dossier)
        {
            return Refusal(check, response);
        }

        // Its address carries the secret: no cache keeps the answer.
        response.Headers.CacheControl = "no-store";
        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Code == dossier.ProcedureCode).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().Where(u => u.Code == dossier.UnitCode).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        var summary = CaseSummary.From(dossier, time.GetUtcNow());

        // Why the appointment falls on its day, in the citizen's words: the time the law gives, when the count started,
        // the days off it skipped; what is missing while a supplement is asked; the steps, without who took them.
        var deadline = dossier.ExplainDeadline(await catalogue.CalendarForAsync(dossier, cancellationToken));
        var history = await db.History.AsNoTracking().Where(e => e.DossierCode == code && e.Action != "lookup-secret-replaced").OrderBy(e => e.Id)
            .Select(e => new PublicStep(e.At, e.Action, e.ToStatus.ToString())).ToListAsync(cancellationToken);

        return TypedResults.Ok(new PublicCaseView(
            summary.Code, procedure ?? summary.ProcedureCode, unit ?? summary.UnitCode, summary.Status, summary.ReceivedAt, summary.DueAt,
            summary.Overdue, summary.RescheduledTo, summary.DecidedAt, summary.ReturnedAt)
        {
            StatutoryTime = Procedure.TimeInWords(dossier.ProcessingDays, dossier.SameDay),
            CountsFrom = deadline.CountsFrom,
            Skipped = deadline.Skipped,
            Missing = dossier.Status == DossierStatus.AwaitingSupplement ? dossier.SupplementMissing : null,
            Steps = history.ConvertAll(s => s with { At = s.At.ToOffset(VietnamTime.Offset) }),
        });
    }

    /// <summary>
    /// Withdrawal is the citizen's own act: with the receipt's secret it needs no written request. A dossier that was
    /// already late stays late, with the apology it is owed.
    /// </summary>
    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Withdraw(
        string code, CitizenWithdrawRequest request, HttpResponse response, CitizenSecrets secrets, DossierLifecycle lifecycle, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var check = await secrets.CheckAsync(code, request.Secret, cancellationToken);
        return check.Verdict != SecretVerdict.Right
            ? Refusal(check, response)
            : LifecycleApi.Answer(await lifecycle.WithdrawByCitizenAsync(code, request.Reason, cancellationToken), time);
    }

    /// <summary>
    /// The receipt's QR code: the lookup link, secret included, drawn on demand (encoding one costs ≈ 0.3 ms, as much
    /// as the rest of an intake, so the intake answers only the link). The secret is checked, and counted, as a lookup.
    /// </summary>
    public static async Task<IResult> Qr(
        string code, HttpRequest http, HttpResponse response, CitizenSecrets secrets, string? secret = null, CancellationToken cancellationToken = default)
    {
        var check = await secrets.CheckAsync(code, secret, cancellationToken);
        if (check.Verdict != SecretVerdict.Right)
        {
            return Refusal(check, response);
        }

        // The picture carries the secret (as the receipt prints it, whatever was typed): no cache keeps it.
        response.Headers.CacheControl = "no-store";
        return TypedResults.Text(CitizenLookup.For(http, code, LookupSecret.Canonical(secret)!).QrSvg(), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    /// <summary>The citizen, who proved who they are at the counter, gets a new secret; the old one and any lock end.</summary>
    public static async Task<Results<Ok<CitizenLookup>, NotFound>> ReplaceSecret(
        string code, HttpRequest http, ClaimsPrincipal user, CasesDbContext db, CitizenSecrets secrets, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        var secret = LookupSecret.New();
        await secrets.ReplaceAsync(code, secret, user.FindFirstValue(TthcClaims.Subject) ?? "unknown", "Công dân mất giấy tiếp nhận", cancellationToken);
        return TypedResults.Ok(CitizenLookup.For(http, code, secret));
    }

    private static ProblemHttpResult Refusal(SecretCheck check, HttpResponse response)
    {
        if (check.Verdict == SecretVerdict.Locked)
        {
            var seconds = (int)Math.Ceiling(check.RetryAfter.TotalSeconds);
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Tạm khóa tra cứu / lookup locked",
                detail: $"Đã nhập sai mã tra cứu quá nhiều lần; thử lại sau {Math.Max(1, seconds / 60)} phút / too many wrong secrets for this dossier; try again in {seconds} s.");
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này / no dossier matches this code and secret.");
    }
}

/// <summary>The receipt's lookup secret and the link that opens the dossier's public lookup with it (named as in the intake's answer).</summary>
/// <param name="QrUrl">Where the link's QR code is drawn, for the printed receipt.</param>
public sealed record CitizenLookup(
    [property: JsonPropertyName("lookupSecret")] string Secret,
    [property: JsonPropertyName("lookupUrl")] string Url,
    [property: JsonPropertyName("lookupQrUrl")] string QrUrl)
{
    public static CitizenLookup For(HttpRequest http, string code, string secret)
    {
        var configured = http.HttpContext.RequestServices.GetRequiredService<IOptions<IntakeOptions>>().Value.PublicBaseUrl;
        var baseUrl = configured?.TrimEnd('/') ?? $"{http.Scheme}://{http.Host}";
        var (path, query) = ($"{baseUrl}/public/cases/{Uri.EscapeDataString(code)}", $"secret={Uri.EscapeDataString(secret)}");
        return new CitizenLookup(secret, $"{path}?{query}", $"{path}/qr.svg?{query}");
    }

    /// <summary>The link as a QR code (SVG), to print on the receipt.</summary>
    public string QrSvg()
    {
        using var data = QRCodeGenerator.GenerateQrCode(Url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }

}

/// <param name="Secret">The lookup secret on the receipt.</param>
public sealed record CitizenWithdrawRequest(string? Secret, string? Reason);

public sealed record PublicCaseView(
    string Code,
    string Procedure,
    string ReceivingUnit,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    DateTimeOffset? RescheduledTo,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ReturnedAt)
{
    /// <summary>The time the law gives the procedure, in words ("15 ngày làm việc").</summary>
    public string? StatutoryTime { get; init; }

    /// <summary>When the count of working days began (the next working morning for a dossier received after hours).</summary>
    public DateTimeOffset? CountsFrom { get; init; }

    /// <summary>The days off the count skipped up to the appointment.</summary>
    public IReadOnlyList<SkippedView> Skipped { get; init; } = [];

    /// <summary>What the citizen must still hand in, while a supplement is asked.</summary>
    public IReadOnlyList<string>? Missing { get; init; }

    /// <summary>Each change of the dossier, oldest first (who made it is not told).</summary>
    public IReadOnlyList<PublicStep> Steps { get; init; } = [];
}

public sealed record PublicStep(DateTimeOffset At, string Action, string Status);
