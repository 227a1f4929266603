using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts;
using Tthc.Database;

namespace Tthc.Cases.Apis;

/// <summary>
/// The units and procedures of the province: public to read; the provincial office adds and changes them. A change
/// applies to dossiers received from then on (a received dossier keeps the time it was promised).
/// </summary>
public static partial class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        // Reading is public; the group itself is not anonymous, or the admin endpoints would be too.
        var units = app.MapGroup("/api/units").WithTags("Catalogue");
        units.MapGet("/", ListUnits).WithSummary("Every unit of the province, parents first").AllowAnonymous();
        units.MapGet("/{code}", GetUnit).WithSummary("One unit by its electronic ID code").AllowAnonymous();
        units.MapPut("/{code}", PutUnit).WithSummary("Add or change a unit (provincial office)").RequireAuthorization(TthcPolicies.Province);

        var procedures = app.MapGroup("/api/procedures").WithTags("Catalogue");
        procedures.MapGet("/", ListProcedures).WithSummary("Procedures, optionally of one deciding unit or field").AllowAnonymous();
        procedures.MapGet("/{code}", GetProcedure).WithSummary("One procedure by its code").AllowAnonymous();
        procedures.MapPut("/{code}", PutProcedure).WithSummary("Add or change a procedure (provincial office)").RequireAuthorization(TthcPolicies.Province);
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

    public static async Task<Results<Created<Unit>, Ok<Unit>, ProblemHttpResult>> PutUnit(
        string code, UnitRequest request, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue,
        ILogger<CatalogueCache> logger, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UnitCode.IsValid(code))
        {
            errors["code"] = ["Mã định danh gồm tối đa 13 ký tự chữ số, chữ in hoa và dấu chấm / the ID code is up to 13 digits, capitals and dots."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 300)
        {
            errors["name"] = ["Tên đơn vị là bắt buộc, tối đa 300 ký tự / the name is required (at most 300 characters)."];
        }

        if (request.Kind is not ("province" or "department" or "district" or "commune"))
        {
            errors["kind"] = ["Loại đơn vị phải là province, department, district hoặc commune / kind must be province, department, district or commune."];
        }

        if (request.RestDays is { } restDays
            && (restDays.Count is 0 or > 3 || restDays.Distinct(StringComparer.OrdinalIgnoreCase).Count() != restDays.Count
                || restDays.Any(d => !Enum.GetNames<DayOfWeek>().Contains(d, StringComparer.OrdinalIgnoreCase))))
        {
            errors["restDays"] = ["Ngày nghỉ hằng tuần là 1 đến 3 ngày khác nhau (monday … sunday) / restDays lists one to three distinct days, monday to sunday."];
        }

        if (request.OfficeHours is { } hours && !Calendar.OfficeHours.TryParse(hours, out _))
        {
            errors["officeHours"] = ["Giờ làm việc dạng 07:30-11:30,13:30-17:00, buổi sáng trước buổi chiều, mỗi buổi hơn một giờ / officeHours is HH:mm-HH:mm,HH:mm-HH:mm, a morning then an afternoon, each over an hour."];
        }

        using var turn = await db.WriteTurnAsync(cancellationToken);
        var units = await db.Units.ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        if (request.ParentCode is { } parent)
        {
            // The parent must exist, and must not be the unit itself or one of its own sub-units.
            var ancestor = parent;
            while (ancestor is not null && ancestor != code && units.TryGetValue(ancestor, out var next))
            {
                ancestor = next.ParentCode;
            }

            if (!units.ContainsKey(parent) || ancestor == code)
            {
                errors["parentCode"] = ["Đơn vị cấp trên không có hoặc là chính đơn vị / sub-unit này / parentCode must be another existing unit above this one."];
            }
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var created = !units.TryGetValue(code, out var unit);
        if (created)
        {
            unit = new Unit { Code = code, Name = "", Kind = "" };
            db.Units.Add(unit);
        }

        (unit!.Name, unit.Kind, unit.ParentCode) = (request.Name!.Trim(), request.Kind!, request.ParentCode);
        unit.RestDays = request.RestDays?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true).ToString().ToLowerInvariant()).ToList();
        unit.OfficeHours = request.OfficeHours is { } text && Calendar.OfficeHours.TryParse(text, out var parsed) ? parsed.ToString() : null;
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        logger.LogInformation("{Actor} {Action} unit {Code}", user.FindFirstValue(TthcClaims.Subject), created ? "added" : "changed", code);
        return created ? TypedResults.Created($"/api/units/{code}", unit) : TypedResults.Ok(unit);
    }

    public static async Task<Results<Created<Procedure>, Ok<Procedure>, ProblemHttpResult>> PutProcedure(
        string code, ProcedureRequest request, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue,
        ILogger<CatalogueCache> logger, CancellationToken cancellationToken)
    {
        var errors = ValidateProcedure(code, request);
        using var turn = await db.WriteTurnAsync(cancellationToken);
        if (request.UnitCode is { } unitCode && !await db.Units.AnyAsync(u => u.Code == unitCode, cancellationToken))
        {
            errors["unitCode"] = ["Không có đơn vị này / unitCode is not a unit of the province."];
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var procedure = await db.Procedures.SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
        var created = procedure is null;
        if (procedure is null)
        {
            procedure = new Procedure { Code = code, Name = "", Field = "", Level = "", ProcessingDays = 0, UnitCode = "" };
            db.Procedures.Add(procedure);
        }

        procedure.Name = request.Name!.Trim();
        procedure.Field = request.Field!.Trim();
        procedure.Level = request.Level!;
        procedure.ProcessingDays = request.ProcessingDays!.Value;
        procedure.SameDay = request.SameDay;
        procedure.UnitCode = request.UnitCode!;
        procedure.Components = request.Components!.Select(c => new ProcedureComponent { Id = c.Id!, Name = c.Name!.Trim(), Required = c.Required }).ToList();
        procedure.Fee = request.Fee;
        procedure.SupplementRule = request.SupplementRule ?? "restart";
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate();
        logger.LogInformation("{Actor} {Action} procedure {Code}", user.FindFirstValue(TthcClaims.Subject), created ? "added" : "changed", code);
        return created ? TypedResults.Created($"/api/procedures/{code}", procedure) : TypedResults.Ok(procedure);
    }

    private static Dictionary<string, string[]> ValidateProcedure(string code, ProcedureRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ProcedureCodePattern().IsMatch(code))
        {
            errors["code"] = ["Mã thủ tục theo Cơ sở dữ liệu quốc gia, ví dụ 1.009994 / the code is the national database's, e.g. 1.009994."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 500)
        {
            errors["name"] = ["Tên thủ tục là bắt buộc, tối đa 500 ký tự / the name is required (at most 500 characters)."];
        }

        if (string.IsNullOrWhiteSpace(request.Field) || request.Field.Length > 200)
        {
            errors["field"] = ["Lĩnh vực là bắt buộc, tối đa 200 ký tự / the field is required (at most 200 characters)."];
        }

        if (request.Level is not ("province" or "district" or "commune"))
        {
            errors["level"] = ["Cấp thực hiện phải là province, district hoặc commune / level must be province, district or commune."];
        }

        if (request.ProcessingDays is not { } days || days < 0 || days > 365 || days * 2 != Math.Floor(days * 2))
        {
            errors["processingDays"] = ["Thời hạn giải quyết tính bằng ngày làm việc, bội số của nửa ngày, từ 0 đến 365 / processingDays is 0 to 365 working days, in half days."];
        }
        else if (request.SameDay != (days == 0))
        {
            errors["sameDay"] = ["Thủ tục giải quyết trong ngày có thời hạn 0 và ngược lại / sameDay goes with processingDays 0, and only with it."];
        }

        if (string.IsNullOrEmpty(request.UnitCode))
        {
            errors["unitCode"] = ["Đơn vị giải quyết là bắt buộc / unitCode (the deciding unit) is required."];
        }

        var components = request.Components ?? [];
        if (components.Count == 0 || components.Any(c => string.IsNullOrWhiteSpace(c.Id) || c.Id.Length > 40 || string.IsNullOrWhiteSpace(c.Name)))
        {
            errors["components"] = ["Cần ít nhất một thành phần hồ sơ, mỗi thành phần có mã (tối đa 40 ký tự) và tên / at least one component, each with an id (at most 40 characters) and a name."];
        }
        else if (components.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != components.Count)
        {
            errors["components"] = ["Mã thành phần hồ sơ bị trùng / component ids must be unique."];
        }

        if (request.Fee is < 0)
        {
            errors["fee"] = ["Phí, lệ phí không âm / fee must not be negative."];
        }

        if (request.SupplementRule is not (null or "restart" or "pause"))
        {
            errors["supplementRule"] = ["Quy tắc bổ sung phải là restart hoặc pause / supplementRule must be restart or pause."];
        }

        return errors;
    }

    private static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) => ProblemDetailsExtensions.Unprocessable(errors);

    [GeneratedRegex(@"^\d\.\d{6}$")]
    private static partial Regex ProcedureCodePattern();
}

/// <param name="RestDays">Weekly rest days when not the civil service's Saturday and Sunday (e.g. <c>["sunday"]</c>); null inherits.</param>
/// <param name="OfficeHours">Office hours <c>07:30-11:30,13:30-17:00</c> when not the default; null inherits.</param>
public sealed record UnitRequest(string? Name, string? Kind, string? ParentCode, List<string>? RestDays = null, string? OfficeHours = null);

public sealed record ProcedureRequest(
    string? Name,
    string? Field,
    string? Level,
    double? ProcessingDays,
    bool SameDay,
    string? UnitCode,
    List<ComponentRequest>? Components,
    decimal? Fee,
    string? SupplementRule);

public sealed record ComponentRequest(string? Id, string? Name, bool Required);
