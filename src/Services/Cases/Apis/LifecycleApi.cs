using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts;

namespace Tthc.Cases.Apis;

/// <summary>
/// What happens to a dossier after intake: decided, returned, refused, stopped, rescheduled after an apology. Each
/// change is checked against the dossier's state (409 when it does not allow it), kept in its history, and told to
/// the other services through the outbox, all in one transaction.
/// </summary>
public static class LifecycleApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cases/{code}")
            .WithTags("Cases")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapPost("/decide", Decide).WithSummary("A result was decided (early, on time or late against the appointment)");
        api.MapPost("/return", Return).WithSummary("The result was handed to the citizen");
        api.MapPost("/refuse", Refuse).WithSummary("Refuse the dossier, with the reason (form 03)");
        api.MapPost("/stop", Stop).WithSummary("Stop at the citizen's request");
        api.MapPost("/withdraw", Withdraw).WithSummary("The citizen takes the dossier back before a result, with the reason");
        api.MapPost("/transfer", Transfer).WithSummary("Hand the dossier to another unit for a step, with its share of the time");
        api.MapPost("/supplement-request", RequestSupplement).WithSummary("Ask the citizen, in one notice, for everything missing (form 02)");
        api.MapPost("/supplement-received", ReceiveSupplement).WithSummary("The supplement arrived: the time restarts (or resumes, per the procedure)");
        api.MapGet("/deadline", Explain).WithSummary("How the appointment was computed: the days the count skipped");
        api.MapGet("/control-slip", ControlSlip).WithSummary("The control slip (form 05): each handover and whether its step kept time");

        // The appointment moves only through an issued apology: Apologies calls this (role service) with the letter's
        // number when the leader signs; an officer reschedules by issuing one.
        app.MapPost("/api/cases/{code}/reschedule", Reschedule).WithTags("Cases")
            .RequireAuthorization(policy => policy.RequireRole(TthcRoles.Service))
            .WithSummary("Move the appointment once, on an issued apology (Apologies only)");
        return app;
    }

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Decide(
        string code, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.DecideAsync(code, DossierLifecycle.Actor.Staff(user), cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Transfer(
        string code, TransferRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.TransferAsync(code, DossierLifecycle.Actor.Staff(user), request.ToUnitCode, request.WorkingDays, cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> RequestSupplement(
        string code, SupplementRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.RequestSupplementAsync(code, DossierLifecycle.Actor.Staff(user), request.Missing, cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> ReceiveSupplement(
        string code, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.ReceiveSupplementAsync(code, DossierLifecycle.Actor.Staff(user), cancellationToken), time);

    public static async Task<Results<Ok<List<ControlSlipRow>>, NotFound>> ControlSlip(
        string code, ClaimsPrincipal user, CasesDbContext db, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        var steps = await db.Steps.AsNoTracking().Where(s => s.DossierCode == code).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var vietnam = VietnamTime.Offset;
        return TypedResults.Ok(steps.ConvertAll(s => new ControlSlipRow(
            s.FromUnitCode, s.ToUnitCode, s.HandedAt.ToOffset(vietnam), s.StepDueAt.ToOffset(vietnam), s.CompletedAt?.ToOffset(vietnam), s.Result)));
    }

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Return(
        string code, ReturnRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.ReturnAsync(code, DossierLifecycle.Actor.Staff(user), request.Channel, cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Refuse(
        string code, ReasonRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.RefuseAsync(code, DossierLifecycle.Actor.Staff(user), request.Reason, cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Stop(
        string code, ReasonRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.StopAsync(code, DossierLifecycle.Actor.Staff(user), request.Reason, cancellationToken), time);

    /// <summary>An officer records the citizen's withdrawal from their written request (number and date required).</summary>
    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Withdraw(
        string code, WithdrawRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.WithdrawOnRequestAsync(code, DossierLifecycle.Actor.Staff(user), request.Reason, request.RequestNumber, request.RequestDate, cancellationToken), time);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Reschedule(
        string code, RescheduleRequest request, ClaimsPrincipal user, DossierLifecycle lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await lifecycle.RescheduleAsync(code, DossierLifecycle.Actor.Staff(user), request.NewAppointmentDate, request.ApologyNumber, cancellationToken), time);

    public static async Task<Results<Ok<DeadlineView>, NotFound>> Explain(
        string code, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(dossier.ExplainDeadline(await catalogue.CalendarForAsync(dossier, cancellationToken)));
    }

    /// <summary>A lifecycle outcome as REST says it: the dossier, a 404, a 422 listing what is wrong, or a 409.</summary>
    public static Results<Ok<CaseSummary>, NotFound, ProblemHttpResult> Answer(LifecycleOutcome outcome, TimeProvider time) => outcome switch
    {
        LifecycleOutcome.Done done => TypedResults.Ok(CaseSummary.From(done.Dossier, time.GetUtcNow())),
        LifecycleOutcome.Invalid invalid => ProblemDetailsExtensions.Unprocessable(invalid.Errors),
        LifecycleOutcome.NotAllowed notAllowed => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, detail: notAllowed.Reason, type: "https://tthc.vn/problems/invalid-transition"),
        _ => TypedResults.NotFound(),
    };
}

public sealed record ReturnRequest(string? Channel);

public sealed record ReasonRequest(string? Reason);

/// <param name="RequestNumber">The number of the citizen's written request to withdraw.</param>
/// <param name="RequestDate">Its date, YYYY-MM-DD.</param>
public sealed record WithdrawRequest(string? Reason, string? RequestNumber, string? RequestDate);

/// <param name="NewAppointmentDate">YYYY-MM-DD, a working day after today.</param>
/// <param name="ApologyNumber">The apology that justifies the new date, e.g. <c>3/PXL</c>.</param>
public sealed record RescheduleRequest(string? NewAppointmentDate, string? ApologyNumber = null);

public sealed record TransferRequest(string? ToUnitCode, double? WorkingDays);

public sealed record SupplementRequest(List<string>? Missing);

/// <summary>A row of the control slip (form 05).</summary>
public sealed record ControlSlipRow(
    string GivingUnit, string ReceivingUnit, DateTimeOffset HandedAt, DateTimeOffset StepDueAt, DateTimeOffset? CompletedAt, Timeliness? Result);
