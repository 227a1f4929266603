using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Database;

namespace Tthc.Cases.Apis;

/// <summary>The working-time calendar: public reads, and yearly schedules replaced by the provincial office.</summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calendar").WithTags("Calendar");

        api.MapGet("/lunar", ToLunar).AllowAnonymous().WithSummary("The Vietnamese lunar date of a solar date");
        api.MapGet("/solar", ToSolar).AllowAnonymous().WithSummary("The solar date of a Vietnamese lunar date");
        api.MapGet("/deadline", ComputeDeadline).AllowAnonymous()
            .WithSummary("The appointment for a dossier received at an instant, and the days the count skipped");
        api.MapGet("/schedules/{year:int}", GetSchedule).AllowAnonymous().WithSummary("The yearly schedule in force");
        api.MapPut("/schedules/{year:int}", ReplaceSchedule).RequireAuthorization(TthcPolicies.Province)
            .WithSummary("Replace a year's schedule (days off, swaps) as the government announced it");
        api.MapGet("/{year}", GetYear).AllowAnonymous()
            .WithSummary("Holidays, compensatory and swapped days off, and weekend days worked, of a year");
        return app;
    }

    public static Results<Ok<CalendarYearView>, ValidationProblem> GetYear(string year, CalendarsInForce catalog)
    {
        if (!int.TryParse(year, out var y) || !CalendarRequests.TryYear(y, out _))
        {
            return Invalid(new("year", $"Năm phải là số từ {HolidayRules.FirstYear} đến {HolidayRules.LastYear} / year must be a number from {HolidayRules.FirstYear} to {HolidayRules.LastYear}."));
        }

        return TypedResults.Ok(CalendarRequests.Year(catalog.Current, y));
    }

    public static Results<Ok<LunarView>, ValidationProblem> ToLunar(string? date) =>
        CalendarRequests.TryLunar(date, out var lunar, out var error) ? TypedResults.Ok(lunar) : Invalid(error);

    public static Results<Ok<SolarView>, ValidationProblem> ToSolar(
        int? lunarYear, int? lunarMonth, int? lunarDay, bool leap = false) =>
        CalendarRequests.TrySolar(lunarYear, lunarMonth, lunarDay, leap, out var date, out var error)
            ? TypedResults.Ok(new SolarView(date))
            : Invalid(error);

    public static Results<Ok<DeadlineView>, ValidationProblem> ComputeDeadline(
        CalendarsInForce catalog, string? receivedAt, string? workingDays, string? channel = null, bool sameDay = false) =>
        CalendarRequests.TryDeadline(catalog.Current, receivedAt, workingDays, channel, sameDay, out var deadline, out var error)
            ? TypedResults.Ok(deadline)
            : Invalid(error);

    public static Results<Ok<YearSchedule>, NotFound> GetSchedule(int year, CalendarsInForce catalog) =>
        catalog.Current.ScheduleFor(year) is { } schedule ? TypedResults.Ok(schedule) : TypedResults.NotFound();

    public static async Task<Results<Ok<ScheduleReplaced>, ValidationProblem, ProblemHttpResult>> ReplaceSchedule(
        int year, YearSchedule schedule, CalendarsInForce catalog, CatalogueCache units, CasesDbContext db, ClaimsPrincipal user, TimeProvider time,
        Messaging.EventPublisher events, Microsoft.Extensions.Options.IOptions<Workers.WatchOptions> watch, CancellationToken cancellationToken)
    {
        if (schedule.Year != year)
        {
            return Invalid(new("year", $"Năm trong nội dung ({schedule.Year}) khác năm trên đường dẫn ({year}) / the body's year differs from the path's."));
        }

        var errors = schedule.Validate();
        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { ["schedule"] = [.. errors] });
        }

        // Stored first, with the open dossiers it moves, then put in force: a schedule that could not be kept must not
        // silently vanish on restart, nor leave appointments computed under the old one.
        var stored = catalog.NextVersionOf(schedule);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One replacement of a year at a time across replicas; one made through another replica, not yet in force here,
        // is put in force and this one refused: it was written against the schedule before.
        await db.LockAsync([$"calendar-schedule:{year}"], shared: false, cancellationToken);
        var record = await db.CalendarSchedules.SingleOrDefaultAsync(r => r.Year == year, cancellationToken);
        if (record is not null && record.Version != stored.Version - 1)
        {
            catalog.Load([YearSchedule.Parse(record.Json)]);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/schedule-changed-meanwhile",
                detail: $"Lịch năm {year} vừa được thay (phiên bản {record.Version}); hãy xem lại rồi gửi lại / the {year} schedule was just replaced (version {record.Version}); review it and send yours again.");
        }

        if (record is null)
        {
            record = new CalendarScheduleRecord { Year = year, Version = 0, Json = "", ReplacedAt = default, ReplacedBy = "" };
            db.CalendarSchedules.Add(record);
        }

        record.Version = stored.Version;
        record.Json = stored.ToJson();
        record.ReplacedAt = time.GetUtcNow();
        record.ReplacedBy = user.Identity?.Name ?? "unknown";
        var moved = await db.RecomputeDueInstantsAsync(catalog.Preview(stored), await units.UnitsAsync(cancellationToken), year, record.ReplacedBy, record.ReplacedAt,
            events, watch.Value.DueSoonWorkingDays, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An officer changed one of the dossiers it moves meanwhile: nothing was kept, and sent again it reads them anew.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/changed-meanwhile",
                detail: "Một hồ sơ vừa thay đổi trong lúc tính lại hạn; lịch chưa được thay, hãy gửi lại / a dossier changed while its deadline was being recomputed; the schedule was not replaced — send it again.");
        }

        await transaction.CommitAsync(cancellationToken);

        catalog.Apply(stored);
        return TypedResults.Ok(new ScheduleReplaced(stored, moved));
    }

    private static ValidationProblem Invalid(CalendarRequests.ParameterError error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Parameter] = [error.Message] });
}

/// <summary>The schedule now in force, and how many open dossiers' appointments it moved.</summary>
public sealed record ScheduleReplaced(YearSchedule Schedule, int RecomputedDossiers);
