using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts;

namespace Tthc.Cases.Apis;

public static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cases")
            .WithTags("Cases")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapGet("/", ListCases).WithName("ListCases").WithSummary("Dossiers of the caller's unit, newest first, with filters");
        api.MapGet("/board", Board).WithName("CaseBoard").WithSummary("A unit's board: received today, in progress, due soon, overdue, awaiting supplement or return");
        api.MapGet("/{code}", GetCase).WithName("GetCase").WithSummary("One dossier by its code, with its applicant (the read is recorded)");
        api.MapGet("/personal-data-reads", ListPersonalDataReads).WithName("ListPersonalDataReads")
            .WithSummary("Who read which dossier's personal data, when and through what (the province)")
            .RequireAuthorization(TthcPolicies.Province);
        api.MapGet("/{code}/history", GetHistory).WithName("GetCaseHistory").WithSummary("Every change of a dossier, oldest first");
        return app;
    }

    public static async Task<Results<Ok<CasePage>, ValidationProblem, ForbidHttpResult>> ListCases(
        ClaimsPrincipal user, CasesDbContext db, TimeProvider time,
        string? unit = null, string? cursor = null, int? limit = null, string? status = null, string? procedure = null,
        bool? overdue = null, DateTimeOffset? receivedFrom = null, DateTimeOffset? receivedBefore = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        DossierStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<DossierStatus>(status.Replace("-", ""), ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = [$"Trạng thái không hợp lệ / status must be one of: {string.Join(", ", Enum.GetNames<DossierStatus>().Select(Kebab))}."];
            }
        }

        var (pageSize, after) = Page(limit, cursor, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var (rows, next) = await db.PageAsync(unitCode, after, pageSize, cancellationToken,
            new CaseFilter(wanted, procedure, overdue, receivedFrom, receivedBefore, now));
        var items = rows.ConvertAll(d => CaseSummary.From(d, now));
        return TypedResults.Ok(new CasePage(items, next));
    }

    /// <summary>One dossier with its applicant, for the staff who act on it; the read is recorded (who, when, through what).</summary>
    public static async Task<Results<Ok<CaseDetail>, NotFound>> GetCase(
        string code, ClaimsPrincipal user, CasesDbContext db, PersonalDataAudit audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);

        // A dossier of another unit is reported as absent: its existence is not the caller's business.
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(user, code, "GET /api/cases/{code}", cancellationToken);
        return TypedResults.Ok(CaseDetail.From(dossier, time.GetUtcNow()));
    }

    /// <summary>Who read which dossier's personal data, newest first: for the province's data-protection officer.</summary>
    public static async Task<Results<Ok<PersonalDataReadPage>, ValidationProblem>> ListPersonalDataReads(
        CasesDbContext db, string? dossier = null, string? actor = null, string? cursor = null, int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var (pageSize, before) = Page(limit, cursor, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var reads = db.PersonalDataReads.AsNoTracking();
        if (!string.IsNullOrEmpty(dossier))
        {
            reads = reads.Where(r => r.DossierCode == dossier);
        }

        if (!string.IsNullOrEmpty(actor))
        {
            reads = reads.Where(r => r.Actor == actor);
        }

        if (before is { } last)
        {
            reads = reads.Where(r => r.Id < last);
        }

        var rows = await reads.OrderByDescending(r => r.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var next = rows.Count > pageSize ? PageCursor.Encode(rows[pageSize - 1].Id) : null;
        return TypedResults.Ok(new PersonalDataReadPage(
            rows.Take(pageSize).Select(r => new PersonalDataReadView(r.DossierCode, r.Actor, r.Role, r.ActorUnitCode, r.At.ToOffset(VietnamTime.Offset), r.Through)).ToList(),
            next));
    }

    public static async Task<Results<Ok<CaseBoard>, ForbidHttpResult>> Board(
        ClaimsPrincipal user, CasesDbContext db, TimeProvider time, string? unit = null, CancellationToken cancellationToken = default)
    {
        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var now = time.GetUtcNow();
        var vietnam = VietnamTime.Offset;
        var startOfToday = new DateTimeOffset(now.ToOffset(vietnam).Date, vietnam);
        var dossiers = db.Dossiers.AsNoTracking();
        if (unitCode is not null)
        {
            dossiers = dossiers.Where(d => d.UnitCode == unitCode || d.HoldingUnitCode == unitCode || d.ResponsibleUnitCode == unitCode);
        }

        var open = Dossier.OpenStatuses;
        return TypedResults.Ok(new CaseBoard(
            unitCode,
            await dossiers.CountAsync(d => d.ReceivedAt >= startOfToday, cancellationToken),
            await dossiers.CountAsync(d => d.Status == DossierStatus.Received || d.Status == DossierStatus.InProgress, cancellationToken),
            await dossiers.CountAsync(d => open.Contains(d.Status) && d.Watch == WatchStage.DueSoonSent && d.DueAt >= now, cancellationToken),
            await dossiers.CountAsync(d => open.Contains(d.Status) && d.DueAt < now, cancellationToken),
            await dossiers.CountAsync(d => d.Status == DossierStatus.AwaitingSupplement, cancellationToken),
            await dossiers.CountAsync(d => d.Status == DossierStatus.Decided, cancellationToken)));
    }

    /// <summary>A page's size (default when absent) and the cursor's row; what is wrong goes into <paramref name="errors"/>.</summary>
    private static (int Size, long? From) Page(int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        var size = limit ?? PageCursor.DefaultPageSize;
        if (size is < 1 or > PageCursor.MaxPageSize)
        {
            errors["limit"] = [$"Số bản ghi mỗi trang phải từ 1 đến {PageCursor.MaxPageSize} / limit must be between 1 and {PageCursor.MaxPageSize}."];
        }

        if (string.IsNullOrEmpty(cursor))
        {
            return (size, null);
        }

        if (PageCursor.TryDecode(cursor, out var id))
        {
            return (size, id);
        }

        errors["cursor"] = ["Con trỏ trang không hợp lệ / cursor is not one this API returned."];
        return (size, null);
    }

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));

    public static async Task<Results<Ok<List<HistoryEntryView>>, NotFound>> GetHistory(
        string code, ClaimsPrincipal user, CasesDbContext db, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        var entries = await db.History.AsNoTracking().Where(e => e.DossierCode == code).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.ConvertAll(e => new HistoryEntryView(
            e.At.ToOffset(VietnamTime.Offset), e.Actor, e.Action, e.FromStatus?.ToString(), e.ToStatus.ToString(), e.Detail)));
    }
}

/// <summary>A unit's board: what its officers look at first each morning.</summary>
public sealed record CaseBoard(string? UnitCode, int ReceivedToday, int InProgress, int DueSoon, int Overdue, int AwaitingSupplement, int AwaitingReturn);

public sealed record HistoryEntryView(DateTimeOffset At, string Actor, string Action, string? FromStatus, string ToStatus, string? Detail);

public sealed record CasePage(IReadOnlyList<CaseSummary> Items, string? NextCursor);

public sealed record PersonalDataReadView(string DossierCode, string Actor, string Role, string? ActorUnitCode, DateTimeOffset At, string Through);

public sealed record PersonalDataReadPage(IReadOnlyList<PersonalDataReadView> Items, string? NextCursor);

/// <summary>A dossier as the staff who act on it see it: the summary, the applicant, the components, the units.</summary>
public sealed record CaseDetail : CaseSummary
{
    private CaseDetail(CaseSummary summary, ApplicantView applicant, IReadOnlyList<string> components, string responsibleUnitCode, string? holdingUnitCode)
        : base(summary) => (Applicant, Components, ResponsibleUnitCode, HoldingUnitCode) = (applicant, components, responsibleUnitCode, holdingUnitCode);

    public ApplicantView Applicant { get; }

    /// <summary>The ids of the components handed in.</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>The unit that decides the dossier.</summary>
    public string ResponsibleUnitCode { get; }

    /// <summary>The unit holding the dossier for a step, when it was handed on.</summary>
    public string? HoldingUnitCode { get; }

    public static new CaseDetail From(Dossier d, DateTimeOffset now) => new(
        CaseSummary.From(d, now),
        new ApplicantView(d.ApplicantName, d.ApplicantIsOrganisation ? ApplicantRequest.Organisation : ApplicantRequest.Person,
            d.ApplicantIdNumber, d.ApplicantPhone, d.ApplicantEmail, d.ApplicantAddress),
        d.Components, d.ResponsibleUnitCode ?? d.UnitCode, d.HoldingUnitCode);
}

public sealed record ApplicantView(
    [property: PersonalData] string FullName,
    string Kind,
    [property: PersonalData] string? IdNumber,
    [property: PersonalData] string? Phone,
    [property: PersonalData] string? Email,
    [property: PersonalData] string? Address);

public record CaseSummary(
    string Code,
    string UnitCode,
    string ProcedureCode,
    string Channel,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    DateTimeOffset? RescheduledTo,
    DateTimeOffset? DecidedAt,
    Timeliness? Timeliness,
    int WorkingDaysLate,
    DateTimeOffset? ReturnedAt)
{
    /// <summary>The dossier as its unit sees it; instants in Vietnam time, the legal clock.</summary>
    public static CaseSummary From(Dossier d, DateTimeOffset now) => new(
        d.Code, d.UnitCode, d.ProcedureCode, d.Channel.ToString().ToLowerInvariant(), d.Status.ToString(),
        d.ReceivedAt.ToOffset(VietnamTime.Offset), d.DueAt.ToOffset(VietnamTime.Offset), d.IsOverdue(now),
        d.RescheduledTo?.ToOffset(VietnamTime.Offset), d.DecidedAt?.ToOffset(VietnamTime.Offset), d.Timeliness, d.WorkingDaysLate,
        d.ReturnedAt?.ToOffset(VietnamTime.Offset));

}
