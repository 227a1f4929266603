using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Apis;

/// <summary>The units and procedures of the province: public to read.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Catalogue").AllowAnonymous();
        units.MapGet("/", ListUnits).WithSummary("Every unit of the province, parents first");
        units.MapGet("/{code}", GetUnit).WithSummary("One unit by its electronic ID code");

        var procedures = app.MapGroup("/api/procedures").WithTags("Catalogue").AllowAnonymous();
        procedures.MapGet("/", ListProcedures).WithSummary("Procedures, optionally of one deciding unit or field");
        procedures.MapGet("/{code}", GetProcedure).WithSummary("One procedure by its code");
        return app;
    }

    public static async Task<Ok<List<Unit>>> ListUnits(CasesDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Units.AsNoTracking().OrderBy(u => u.ParentCode != null).ThenBy(u => u.Code).ToListAsync(cancellationToken));

    public static async Task<Results<Ok<Unit>, NotFound>> GetUnit(string code, CasesDbContext db, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code, cancellationToken) is { } unit
            ? TypedResults.Ok(unit)
            : TypedResults.NotFound();

    public static async Task<Ok<List<Procedure>>> ListProcedures(
        CasesDbContext db, string? unit = null, string? field = null, CancellationToken cancellationToken = default)
    {
        var query = db.Procedures.AsNoTracking();
        if (!string.IsNullOrEmpty(unit))
        {
            query = query.Where(p => p.UnitCode == unit);
        }

        if (!string.IsNullOrEmpty(field))
        {
            query = query.Where(p => p.Field == field);
        }

        return TypedResults.Ok(await query.OrderBy(p => p.Code).ToListAsync(cancellationToken));
    }

    public static async Task<Results<Ok<Procedure>, NotFound>> GetProcedure(string code, CasesDbContext db, CancellationToken cancellationToken) =>
        await db.Procedures.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken) is { } procedure
            ? TypedResults.Ok(procedure)
            : TypedResults.NotFound();
}
