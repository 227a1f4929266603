using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Cases.Domain;
using Tthc.Cases.Workers;
using Tthc.Contracts;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Cases.Data;

/// <summary>
/// Every change of a dossier after intake, for REST and gRPC alike: load, check who acts, apply the dossier's own
/// transition, keep its history line, publish its event and save, in one transaction. Answers plain outcomes; each API
/// says them in its own terms (a 404, 409 or 422 problem; NOT_FOUND, FAILED_PRECONDITION, INVALID_ARGUMENT).
/// </summary>
public sealed class DossierLifecycle(
    CasesDbContext db, CatalogueCache catalogue, EventPublisher events, TimeProvider time, IOptions<WatchOptions> watch)
{
    /// <summary>Who acts: the name the history keeps, and whether they may act on a given dossier.</summary>
    public sealed record Actor(string Name, Func<Dossier, bool> MayAct)
    {
        /// <summary>Staff (and services) act on the dossiers of their units, under their token's subject.</summary>
        public static Actor Staff(ClaimsPrincipal user) =>
            new(user.FindFirstValue(TthcClaims.Subject) ?? "unknown", dossier => DossierAccess.MayAct(user, dossier));
    }

    public async Task<LifecycleOutcome> DecideAsync(string code, Actor actor, CancellationToken cancellationToken)
    {
        var openStep = await OpenStepAsync(code, cancellationToken);
        var calendar = await CalendarOfAsync(code, cancellationToken);
        return await ChangeAsync(code, actor, (dossier, now) =>
        {
            var change = dossier.Decide(now, calendar);
            openStep?.Complete(now);
            return change;
        }, cancellationToken);
    }

    /// <param name="workingDays">The receiving unit's share of the time; null: until the appointment.</param>
    public async Task<LifecycleOutcome> TransferAsync(string code, Actor actor, string? toUnitCode, double? workingDays, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (toUnitCode is null || !await db.Units.AnyAsync(u => u.Code == toUnitCode, cancellationToken))
        {
            errors["toUnitCode"] = ["Không có đơn vị này / toUnitCode is not a unit of the province."];
        }

        if (workingDays is { } days && (days <= 0 || days * 2 != Math.Floor(days * 2) || days > WorkingCalendar.MaxWorkingDays))
        {
            errors["workingDays"] = ["Thời gian của bước là số ngày làm việc nguyên hoặc có .5 / workingDays must be a positive whole or half number."];
        }

        if (errors.Count > 0)
        {
            return new LifecycleOutcome.Invalid(errors);
        }

        var openStep = await OpenStepAsync(code, cancellationToken);
        // The step's share is counted on the calendar of the unit that works it.
        var stepCalendar = await catalogue.CalendarForAsync(toUnitCode!, cancellationToken);
        return await ChangeAsync(code, actor, (dossier, now) =>
        {
            var from = dossier.HoldingUnitCode ?? dossier.UnitCode;
            var stepDue = workingDays is { } share ? stepCalendar.Compute(now, share).DueAt.ToUniversalTime() : dossier.DueAt;
            var change = dossier.Transfer(toUnitCode!, now, stepDue);
            openStep?.Complete(now);
            db.Steps.Add(new DossierStep { DossierCode = dossier.Code, FromUnitCode = from, ToUnitCode = toUnitCode!, HandedAt = now, StepDueAt = stepDue });
            return change;
        }, cancellationToken);
    }

    public Task<LifecycleOutcome> RequestSupplementAsync(string code, Actor actor, IReadOnlyList<string>? listed, CancellationToken cancellationToken)
    {
        var missing = listed?.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct().ToList() ?? [];
        if (missing.Count is 0 or > 50 || missing.Any(m => !FreeText.IsValid(m, 500)))
        {
            return Task.FromResult(Invalid("missing",
                "Phải liệt kê đầy đủ các thành phần cần bổ sung (tối đa 50 mục, mỗi mục tối đa 500 ký tự, không chứa ký tự điều khiển) / list everything that is missing (at most 50 items of 500 characters, no control characters)."));
        }

        return ChangeAsync(code, actor, (dossier, now) => dossier.RequestSupplement(now, missing), cancellationToken);
    }

    public async Task<LifecycleOutcome> ReceiveSupplementAsync(string code, Actor actor, CancellationToken cancellationToken)
    {
        var calendar = await CalendarOfAsync(code, cancellationToken);
        var rule = await db.Dossiers.Where(d => d.Code == code)
            .Join(db.Procedures, d => d.ProcedureCode, p => p.Code, (d, p) => p.SupplementRule)
            .SingleOrDefaultAsync(cancellationToken) ?? "restart";
        return await ChangeAsync(code, actor, (dossier, now) => dossier.ReceiveSupplement(now, rule, calendar, watch.Value.DueSoonWorkingDays), cancellationToken);
    }

    public Task<LifecycleOutcome> ReturnAsync(string code, Actor actor, string? channel, CancellationToken cancellationToken) =>
        !CaseTerms.TryParseChannel(channel, out var how)
            ? Task.FromResult(Invalid("channel", "Hình thức trả kết quả phải là counter, postal hoặc online / channel must be counter, postal or online."))
            : ChangeAsync(code, actor, (dossier, now) => dossier.Return(now, how), cancellationToken);

    public Task<LifecycleOutcome> RefuseAsync(string code, Actor actor, string? reason, CancellationToken cancellationToken) =>
        CloseAsync(code, actor, reason, (dossier, now, why) => dossier.Refuse(why, now), cancellationToken);

    public Task<LifecycleOutcome> StopAsync(string code, Actor actor, string? reason, CancellationToken cancellationToken) =>
        CloseAsync(code, actor, reason, (dossier, now, why) => dossier.Stop(why, now), cancellationToken);

    /// <summary>
    /// Withdrawal is the citizen's act: an officer records it from the citizen's written request, whose number and date
    /// the history keeps (a request dated before the receipt or in the future is refused).
    /// </summary>
    public async Task<LifecycleOutcome> WithdrawOnRequestAsync(
        string code, Actor actor, string? reason, string? requestNumber, string? requestDate, CancellationToken cancellationToken)
    {
        // Another unit's dossier is a 404 before anything about the request is judged (its dates would tell of the dossier).
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !actor.MayAct(dossier))
        {
            return new LifecycleOutcome.NoSuchDossier();
        }

        var errors = new Dictionary<string, string[]>();
        if (!FreeText.IsValid(reason))
        {
            errors["reason"] = ["Phải nêu rõ lý do. " + FreeText.Rule()];
        }

        if (!FreeText.IsValid(requestNumber, 50))
        {
            errors["requestNumber"] = ["Số văn bản đề nghị rút hồ sơ của công dân là bắt buộc (tối đa 50 ký tự) / the number of the citizen's written request is required (at most 50 characters)."];
        }

        if (!DateOnly.TryParseExact(requestDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dated)
            || dated > VietnamTime.Today(time) || dated < VietnamTime.DateOf(dossier.ReceivedAt))
        {
            errors["requestDate"] = ["Ngày của văn bản đề nghị (YYYY-MM-DD), từ ngày tiếp nhận đến hôm nay / the request's date (YYYY-MM-DD), from the receipt to today."];
        }

        if (errors.Count > 0)
        {
            return new LifecycleOutcome.Invalid(errors);
        }

        var how = $"Công dân rút hồ sơ theo văn bản số {requestNumber!.Trim()} ngày {dated:dd'/'MM'/'yyyy}";
        return await ChangeAsync(code, actor, (withdrawn, now) => withdrawn.Withdraw(reason!.Trim(), now, how), cancellationToken);
    }

    /// <summary>The citizen withdraws with the secret on the receipt (checked by the caller): no written request needed.</summary>
    public Task<LifecycleOutcome> WithdrawByCitizenAsync(string code, string? reason, CancellationToken cancellationToken) =>
        CloseAsync(code, new Actor("citizen", _ => true), reason,
            (dossier, now, why) => dossier.Withdraw(why, now, "Công dân rút hồ sơ trực tuyến bằng mã tra cứu trên giấy tiếp nhận"), cancellationToken);

    /// <summary>The appointment moves once, on an issued apology whose number the history keeps.</summary>
    public async Task<LifecycleOutcome> RescheduleAsync(
        string code, Actor actor, string? newAppointmentDate, string? apologyNumber, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apologyNumber) || apologyNumber.Length > 20)
        {
            return Invalid("apologyNumber", "Phải nêu số phiếu xin lỗi đã ban hành / the number of the issued apology is required.");
        }

        var calendar = await CalendarOfAsync(code, cancellationToken);
        if (!DateOnly.TryParseExact(newAppointmentDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date <= VietnamTime.Today(time) || date > WorkingCalendar.MaxDate || !calendar.IsWorkingDay(date))
        {
            return Invalid("newAppointmentDate",
                "Ngày hẹn mới phải là ngày làm việc sau hôm nay (YYYY-MM-DD) / newAppointmentDate must be a working day after today.");
        }

        var appointment = VietnamTime.At(date, calendar.Hours.AfternoonEnd);
        return await ChangeAsync(code, actor, (dossier, now) => dossier.Reschedule(appointment, apologyNumber.Trim(), now), cancellationToken);
    }

    private Task<LifecycleOutcome> CloseAsync(
        string code, Actor actor, string? reason, Func<Dossier, DateTimeOffset, string, DossierChange> close, CancellationToken cancellationToken) =>
        !FreeText.IsValid(reason)
            ? Task.FromResult(Invalid("reason", "Phải nêu rõ lý do. " + FreeText.Rule()))
            : ChangeAsync(code, actor, (dossier, now) => close(dossier, now, reason!.Trim()), cancellationToken);

    /// <summary>Load, check, change, record, publish, save: the shape every transition shares.</summary>
    private async Task<LifecycleOutcome> ChangeAsync(
        string code, Actor actor, Func<Dossier, DateTimeOffset, DossierChange> change, CancellationToken cancellationToken)
    {
        var dossier = await db.Dossiers.SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null || !actor.MayAct(dossier))
        {
            return new LifecycleOutcome.NoSuchDossier();
        }

        try
        {
            var done = change(dossier, time.GetUtcNow());
            db.History.Add(done.HistoryEntry(actor.Name));
            events.Publish(db, done.Event);
            using var turn = await db.WriteTurnAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DossierTransitionException ex)
        {
            return new LifecycleOutcome.NotAllowed(ex.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LifecycleOutcome.NotAllowed("Hồ sơ vừa được người khác cập nhật, vui lòng tải lại / the dossier changed meanwhile; reload and retry.");
        }

        return new LifecycleOutcome.Done(dossier);
    }

    private Task<DossierStep?> OpenStepAsync(string code, CancellationToken cancellationToken) =>
        db.Steps.Where(s => s.DossierCode == code && s.CompletedAt == null).OrderByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The calendar of a dossier's deciding unit (the civil service's when there is no such dossier: a 404 follows).</summary>
    private async Task<WorkingCalendar> CalendarOfAsync(string code, CancellationToken cancellationToken) =>
        await catalogue.CalendarForAsync(
            await db.Dossiers.Where(d => d.Code == code).Select(d => d.ResponsibleUnitCode ?? d.UnitCode).SingleOrDefaultAsync(cancellationToken) ?? "",
            cancellationToken);

    private static LifecycleOutcome Invalid(string field, string message) =>
        new LifecycleOutcome.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>What became of a requested change of a dossier.</summary>
public abstract record LifecycleOutcome
{
    public sealed record Done(Dossier Dossier) : LifecycleOutcome;

    /// <summary>No such dossier, or not one the actor may act on: the same answer.</summary>
    public sealed record NoSuchDossier : LifecycleOutcome;

    /// <summary>What the request says is wrong, by field.</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : LifecycleOutcome;

    /// <summary>The dossier's state does not allow the change (or it changed meanwhile).</summary>
    public sealed record NotAllowed(string Reason) : LifecycleOutcome;
}
