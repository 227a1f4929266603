using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;

namespace Tthc.Apologies.Apis;

public static class ApologiesApi
{
    public static IEndpointRouteBuilder MapApologiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/apologies")
            .WithTags("Apologies")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapGet("/", ListApologies).WithName("ListApologies").WithSummary("Apologies of the caller's unit");
        api.MapGet("/{id:guid}", GetApology).WithName("GetApology").WithSummary("One apology");
        return app;
    }

    public static async Task<Results<Ok<List<ApologyView>>, ValidationProblem, ForbidHttpResult>> ListApologies(
        ClaimsPrincipal user, ApologiesDbContext db,
        string? unit = null, string? status = null, string? caseCode = null, CancellationToken cancellationToken = default)
    {
        ApologyStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!ApologyStatusNames.TryParse(status, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"Trạng thái không hợp lệ / status must be one of: {string.Join(", ", ApologyStatusNames.All)}."],
                });
            }

            wanted = parsed;
        }

        if (!UnitScope.TryResolve(user, unit, out var unitCode))
        {
            return TypedResults.Forbid();
        }

        var query = db.Apologies.AsNoTracking();
        if (!string.IsNullOrEmpty(unitCode))
        {
            query = query.Where(a => a.UnitCode == unitCode);
        }

        if (wanted is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (!string.IsNullOrEmpty(caseCode))
        {
            query = query.Where(a => a.CaseCode == caseCode);
        }

        var rows = await query.OrderByDescending(a => a.DraftedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(ApologyView.From));
    }

    public static async Task<Results<Ok<ApologyView>, NotFound>> GetApology(
        Guid id, ClaimsPrincipal user, ApologiesDbContext db, CancellationToken cancellationToken)
    {
        var apology = await db.Apologies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !UnitScope.CanSee(user, apology.UnitCode))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ApologyView.From(apology));
    }
}

public sealed record ApologyView(
    Guid Id,
    string CaseCode,
    string UnitCode,
    string ProcedureCode,
    string Status,
    string? Number,
    string? Reason,
    DateTimeOffset OriginalDueAt,
    DateOnly? NewAppointmentDate,
    DateTimeOffset DraftedAt,
    DateTimeOffset? IssuedAt)
{
    public static ApologyView From(Apology a) => new(
        a.Id, a.CaseCode, a.UnitCode, a.ProcedureCode, ApologyStatusNames.Name(a.Status), a.NumberText, a.Reason,
        a.OriginalDueAt, a.NewAppointmentDate, a.DraftedAt, a.IssuedAt);
}

/// <summary>The kebab-case names clients use for <see cref="ApologyStatus"/>.</summary>
internal static class ApologyStatusNames
{
    private static readonly Dictionary<string, ApologyStatus> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["draft"] = ApologyStatus.Draft,
        ["awaiting-signature"] = ApologyStatus.AwaitingSignature,
        ["issued"] = ApologyStatus.Issued,
        ["cancelled"] = ApologyStatus.Cancelled,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ApologyStatus status) => ByName.TryGetValue(name, out status);

    public static string Name(ApologyStatus status) => ByName.First(kv => kv.Value == status).Key;
}
