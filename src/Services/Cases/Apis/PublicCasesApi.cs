using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;

namespace Tthc.Cases.Apis;

/// <summary>
/// The citizen's lookup: a dossier's progress by its code and a verifier only the applicant holds (the last four
/// digits of the phone, or of the ID number, on the receipt). No personal data; a wrong verifier and an unknown code
/// give the same 404, so codes cannot be probed.
/// </summary>
public static class PublicCasesApi
{
    public static IEndpointRouteBuilder MapPublicCasesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/public/cases/{code}", Lookup)
            .WithTags("Public")
            .AllowAnonymous()
            .WithSummary("A dossier's progress, for the citizen who holds its receipt");
        return app;
    }

    public static async Task<Results<Ok<PublicCaseView>, ProblemHttpResult>> Lookup(
        string code, string? verifier, CasesDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || verifier is not { Length: 4 } || !(EndsWith(dossier.ApplicantPhone, verifier) || EndsWith(dossier.ApplicantIdNumber, verifier)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                detail: "Không tìm thấy hồ sơ với mã và số xác minh này / no dossier matches this code and verifier.");
        }

        var procedure = await db.Procedures.AsNoTracking().Where(p => p.Code == dossier.ProcedureCode).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().Where(u => u.Code == dossier.UnitCode).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken);
        var summary = CaseSummary.From(dossier, time.GetUtcNow());
        return TypedResults.Ok(new PublicCaseView(
            summary.Code, procedure ?? summary.ProcedureCode, unit ?? summary.UnitCode, summary.Status, summary.ReceivedAt, summary.DueAt,
            summary.Overdue, summary.RescheduledTo, summary.DecidedAt, summary.ReturnedAt));
    }

    private static bool EndsWith(string? value, string verifier) => value is { Length: >= 4 } && value.EndsWith(verifier, StringComparison.Ordinal);
}

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
    DateTimeOffset? ReturnedAt);
