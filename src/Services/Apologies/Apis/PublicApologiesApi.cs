using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;

namespace Tthc.Apologies.Apis;

/// <summary>
/// The public page of issued apologies (Directive 18/CT-UBND): what the public needs to know, and no personal data
/// of the applicant (Decree 13/2023).
/// </summary>
public static class PublicApologiesApi
{
    public static IEndpointRouteBuilder MapPublicApologiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/public/apologies")
            .WithTags("Public")
            .AllowAnonymous();

        api.MapGet("/", ListPublished).WithName("ListPublishedApologies").WithSummary("Issued apologies of a unit");
        return app;
    }

    public static async Task<Ok<List<PublishedApology>>> ListPublished(
        ApologiesDbContext db, string? unit = null, CancellationToken cancellationToken = default)
    {
        var query = db.Apologies.AsNoTracking().Where(a => a.Status == ApologyStatus.Issued);
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(a => a.UnitCode == unit);
        }

        var rows = await query.OrderByDescending(a => a.IssuedAt).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(a => new PublishedApology(
            a.UnitCode, a.CaseCode, a.ProcedureCode, a.NumberText!, a.IssuedAt!.Value, a.OriginalDueAt,
            a.NewAppointmentDate!.Value, a.Reason!)));
    }
}

public sealed record PublishedApology(
    string UnitCode,
    string CaseCode,
    string ProcedureCode,
    string Number,
    DateTimeOffset IssuedAt,
    DateTimeOffset OriginalDueAt,
    DateOnly NewAppointmentDate,
    string Reason);
