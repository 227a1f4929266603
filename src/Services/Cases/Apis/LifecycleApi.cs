using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

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
        string code, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var openStep = await OpenStepAsync(db, code, cancellationToken);
        var calendar = await CalendarOfAsync(db, catalogue, code, cancellationToken);
        return await ChangeAsync(code, user, db, events, gate, time, "decided", (dossier, now) =>
        {
            dossier.Decide(now, calendar);
            openStep?.Complete(now);
            return (new CaseDecided
            {
                OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode,
                ResponsibleUnitCode = dossier.ResponsibleUnitCode ?? dossier.UnitCode,
                DecidedAt = now, DueAt = dossier.DueAt, Timeliness = dossier.Timeliness!, WorkingDaysLate = dossier.WorkingDaysLate,
            }, dossier.Timeliness == "late" ? $"Có kết quả, trễ {dossier.WorkingDaysLate} ngày làm việc" : $"Có kết quả ({dossier.Timeliness})");
        }, cancellationToken);
    }

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Transfer(
        string code, TransferRequest request, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue, EventPublisher events, WriteGate gate,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ToUnitCode is null || !await db.Units.AnyAsync(u => u.Code == request.ToUnitCode, cancellationToken))
        {
            errors["toUnitCode"] = ["Không có đơn vị này / toUnitCode is not a unit of the province."];
        }

        if (request.WorkingDays is { } days && (days <= 0 || days * 2 != Math.Floor(days * 2) || days > WorkingCalendar.MaxWorkingDays))
        {
            errors["workingDays"] = ["Thời gian của bước là số ngày làm việc nguyên hoặc có .5 / workingDays must be a positive whole or half number."];
        }

        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(errors);
        }

        var openStep = await OpenStepAsync(db, code, cancellationToken);
        // The step's share is counted on the calendar of the unit that works it.
        var stepCalendar = await catalogue.CalendarForAsync(request.ToUnitCode!, cancellationToken);
        return await ChangeAsync(code, user, db, events, gate, time, "transferred", (dossier, now) =>
        {
            var from = dossier.HoldingUnitCode ?? dossier.UnitCode;
            dossier.Transfer(request.ToUnitCode!);
            openStep?.Complete(now);
            var stepDue = request.WorkingDays is { } share ? stepCalendar.Compute(now, share).DueAt.ToUniversalTime() : dossier.DueAt;
            db.Steps.Add(new DossierStep { DossierCode = dossier.Code, FromUnitCode = from, ToUnitCode = request.ToUnitCode!, HandedAt = now, StepDueAt = stepDue });
            return (new CaseTransferred
            {
                OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, FromUnitCode = from, ToUnitCode = request.ToUnitCode!, StepDueAt = stepDue,
            }, $"Chuyển từ {from} đến {request.ToUnitCode}");
        }, cancellationToken);
    }

    public static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> RequestSupplement(
        string code, SupplementRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var missing = request.Missing?.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct().ToList() ?? [];
        if (missing.Count is 0 or > 50 || missing.Any(m => !FreeText.IsValid(m, 500)))
        {
            return Task.FromResult<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>>(
                Unprocessable("missing", "Phải liệt kê đầy đủ các thành phần cần bổ sung (tối đa 50 mục, mỗi mục tối đa 500 ký tự, không chứa ký tự điều khiển) / list everything that is missing (at most 50 items of 500 characters, no control characters)."));
        }

        return ChangeAsync(code, user, db, events, gate, time, "supplement-requested", (dossier, now) =>
        {
            dossier.RequestSupplement(now);
            return (new CaseSupplementRequested { OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, Missing = missing },
                $"Yêu cầu bổ sung: {string.Join("; ", missing)}");
        }, cancellationToken);
    }

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> ReceiveSupplement(
        string code, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue, EventPublisher events, WriteGate gate, TimeProvider time,
        Microsoft.Extensions.Options.IOptions<Workers.WatchOptions> watch, CancellationToken cancellationToken)
    {
        var calendar = await CalendarOfAsync(db, catalogue, code, cancellationToken);
        var rule = await db.Dossiers.Where(d => d.Code == code)
            .Join(db.Procedures, d => d.ProcedureCode, p => p.Code, (d, p) => p.SupplementRule)
            .SingleOrDefaultAsync(cancellationToken) ?? "restart";
        return await ChangeAsync(code, user, db, events, gate, time, "supplement-received", (dossier, now) =>
        {
            dossier.ReceiveSupplement(now, rule, calendar, watch.Value.DueSoonWorkingDays);
            return (new CaseSupplementReceived { OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, DueAt = dossier.DueAt },
                $"Đã nhận bổ sung ({(rule == "pause" ? "thời gian tiếp tục" : "tính lại thời gian")}); hẹn trả {DossierHistoryEntry.Time(dossier.DueAt)}");
        }, cancellationToken);
    }

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

    private static Task<DossierStep?> OpenStepAsync(CasesDbContext db, string code, CancellationToken cancellationToken) =>
        db.Steps.Where(s => s.DossierCode == code && s.CompletedAt == null).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    public static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Return(
        string code, ReturnRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request.Channel is not ("counter" or "postal" or "online"))
        {
            return Task.FromResult<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>>(
                Unprocessable("channel", "Hình thức trả kết quả phải là counter, postal hoặc online / channel must be counter, postal or online."));
        }

        return ChangeAsync(code, user, db, events, gate, time, "returned", (dossier, now) =>
        {
            dossier.Return(now);
            return (new CaseReturned { OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, Channel = request.Channel },
                $"Đã trả kết quả ({request.Channel})");
        }, cancellationToken);
    }

    public static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Refuse(
        string code, ReasonRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken) =>
        CloseAsync(code, request, user, db, events, gate, time, "refused", (dossier, now, reason) =>
        {
            dossier.Refuse(reason);
            return (new CaseRefused { OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, Reason = reason },
                $"Từ chối: {reason}");
        }, cancellationToken);

    public static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Stop(
        string code, ReasonRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken) =>
        CloseAsync(code, request, user, db, events, gate, time, "stopped", (dossier, now, reason) =>
        {
            dossier.Stop(reason);
            return (new CaseStopped { OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, Reason = reason },
                $"Dừng giải quyết theo yêu cầu: {reason}");
        }, cancellationToken);

    /// <summary>
    /// Withdrawal is the citizen's act: an officer records it from the citizen's written request, whose number and date
    /// the history keeps (a request dated before the receipt or in the future is refused).
    /// </summary>
    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Withdraw(
        string code, WithdrawRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Another unit's dossier is a 404 before anything about the request is judged (its dates would tell of the dossier).
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (!FreeText.IsValid(request.Reason))
        {
            errors["reason"] = ["Phải nêu rõ lý do. " + FreeText.Rule()];
        }

        if (!FreeText.IsValid(request.RequestNumber, 50))
        {
            errors["requestNumber"] = ["Số văn bản đề nghị rút hồ sơ của công dân là bắt buộc (tối đa 50 ký tự) / the number of the citizen's written request is required (at most 50 characters)."];
        }

        if (!DateOnly.TryParseExact(request.RequestDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dated)
            || dated > VietnamTime.Today(time) || dated < VietnamTime.DateOf(dossier.ReceivedAt))
        {
            errors["requestDate"] = ["Ngày của văn bản đề nghị (YYYY-MM-DD), từ ngày tiếp nhận đến hôm nay / the request's date (YYYY-MM-DD), from the receipt to today."];
        }

        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Unprocessable(errors);
        }

        return await CloseAsync(code, new ReasonRequest(request.Reason), user, db, events, gate, time, "withdrawn", (withdrawn, now, reason) =>
        {
            withdrawn.Withdraw(reason);
            return (new CaseWithdrawn { OccurredAt = now, CaseCode = withdrawn.Code, UnitCode = withdrawn.UnitCode, ProcedureCode = withdrawn.ProcedureCode, Reason = reason },
                $"Công dân rút hồ sơ theo văn bản số {request.RequestNumber!.Trim()} ngày {dated:dd'/'MM'/'yyyy}: {reason}");
        }, cancellationToken);
    }

    /// <summary>An ending that must say why (refused, stopped, withdrawn): no reason, a 422; else the change.</summary>
    private static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> CloseAsync(
        string code, ReasonRequest request, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        string action, Func<Dossier, DateTimeOffset, string, (IntegrationEvent Event, string Detail)> close, CancellationToken cancellationToken) =>
        !FreeText.IsValid(request.Reason)
            ? Task.FromResult<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>>(
                Unprocessable("reason", "Phải nêu rõ lý do. " + FreeText.Rule()))
            : ChangeAsync(code, user, db, events, gate, time, action, (dossier, now) => close(dossier, now, request.Reason!), cancellationToken);

    public static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> Reschedule(
        string code, RescheduleRequest request, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue,
        EventPublisher events, WriteGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ApologyNumber) || request.ApologyNumber.Length > 20)
        {
            return Unprocessable("apologyNumber", "Phải nêu số phiếu xin lỗi đã ban hành / the number of the issued apology is required.");
        }

        var today = VietnamTime.Today(time);
        var calendar = await CalendarOfAsync(db, catalogue, code, cancellationToken);
        if (!DateOnly.TryParseExact(request.NewAppointmentDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date <= today || date > WorkingCalendar.MaxDate || !calendar.IsWorkingDay(date))
        {
            return Unprocessable("newAppointmentDate",
                "Ngày hẹn mới phải là ngày làm việc sau hôm nay (YYYY-MM-DD) / newAppointmentDate must be a working day after today.");
        }

        var appointment = VietnamTime.At(date, calendar.Hours.AfternoonEnd);
        return await ChangeAsync(code, user, db, events, gate, time, "rescheduled", (dossier, now) =>
        {
            dossier.Reschedule(appointment);
            return (new CaseRescheduled
            {
                OccurredAt = now, CaseCode = dossier.Code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode, OriginalDueAt = dossier.DueAt, NewDueAt = appointment,
            }, $"Hẹn lại ngày trả kết quả: {date:dd'/'MM'/'yyyy} (Phiếu xin lỗi số {request.ApologyNumber!.Trim()})");
        }, cancellationToken);
    }

    public static async Task<Results<Ok<DeadlineView>, NotFound>> Explain(
        string code, ClaimsPrincipal user, CasesDbContext db, CatalogueCache catalogue, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            return TypedResults.NotFound();
        }

        var current = await catalogue.CalendarForAsync(dossier, cancellationToken);
        var started = dossier.ClockStartedAt ?? dossier.ReceivedAt;
        var computed = current.Compute(started, dossier.ProcessingDays, dossier.Channel == IntakeChannel.Online, dossier.SameDay);
        var skipped = current.SkippedBetween(
            VietnamTime.DateOf(started),
            VietnamTime.DateOf(dossier.DueAt));
        return TypedResults.Ok(new DeadlineView(
            dossier.ReceivedAt.ToOffset(VietnamTime.Offset), computed.CountsFrom, dossier.DueAt.ToOffset(VietnamTime.Offset),
            skipped.Select(s => new SkippedView(s.Date, s.Reason, s.Kind)).ToList()));
    }

    /// <summary>The calendar of a dossier's deciding unit (the civil service's when there is no such dossier: a 404 follows).</summary>
    private static async Task<WorkingCalendar> CalendarOfAsync(CasesDbContext db, CatalogueCache catalogue, string code, CancellationToken cancellationToken) =>
        await catalogue.CalendarForAsync(
            await db.Dossiers.Where(d => d.Code == code).Select(d => d.ResponsibleUnitCode ?? d.UnitCode).SingleOrDefaultAsync(cancellationToken) ?? "",
            cancellationToken);

    /// <summary>Load, check, change, record, publish, save: the shape every transition shares.</summary>
    private static Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> ChangeAsync(
        string code, ClaimsPrincipal user, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time, string action,
        Func<Dossier, DateTimeOffset, (IntegrationEvent Event, string Detail)> change, CancellationToken cancellationToken) =>
        ChangeAsync(code, user.FindFirstValue(TthcClaims.Subject) ?? "unknown", dossier => DossierAccess.MayAct(user, dossier),
            db, events, gate, time, action, change, cancellationToken);

    /// <summary>The same, for an actor without a token (the citizen with the secret on the receipt), who may act on the dossier as <paramref name="mayAct"/> says.</summary>
    internal static async Task<Results<Ok<CaseSummary>, NotFound, ProblemHttpResult>> ChangeAsync(
        string code, string actor, Func<Dossier, bool> mayAct, CasesDbContext db, EventPublisher events, WriteGate gate, TimeProvider time,
        string action, Func<Dossier, DateTimeOffset, (IntegrationEvent Event, string Detail)> change, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !mayAct(dossier))
        {
            return TypedResults.NotFound();
        }

        var now = time.GetUtcNow();
        var from = dossier.Status;
        try
        {
            var (integrationEvent, detail) = change(dossier, now);
            dossier.Version++;
            db.History.Add(new DossierHistoryEntry
            {
                DossierCode = dossier.Code, At = now, Actor = actor,
                Action = action, FromStatus = from, ToStatus = dossier.Status, Detail = detail,
            });
            events.Publish(db, integrationEvent);
            using var turn = await gate.EnterAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DossierTransitionException ex)
        {
            return Conflict(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict("Hồ sơ vừa được người khác cập nhật, vui lòng tải lại / the dossier changed meanwhile; reload and retry.");
        }

        return TypedResults.Ok(CaseSummary.From(dossier, now));
    }

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: detail, type: "https://tthc.vn/problems/invalid-transition");

    private static ProblemHttpResult Unprocessable(string field, string message) =>
        ProblemDetailsExtensions.Unprocessable(new Dictionary<string, string[]> { [field] = [message] });
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
    string GivingUnit, string ReceivingUnit, DateTimeOffset HandedAt, DateTimeOffset StepDueAt, DateTimeOffset? CompletedAt, string? Result);
