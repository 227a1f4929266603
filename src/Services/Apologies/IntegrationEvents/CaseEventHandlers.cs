using Tthc.Contracts;
using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Workers;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.IntegrationEvents;

/// <summary>The open-or-issued apology of a dossier, and opening a draft when there is none.</summary>
internal static class Drafts
{
    public static Task<Apology?> CurrentAsync(ApologiesDbContext db, string caseCode, CancellationToken cancellationToken) =>
        // Local first: an earlier event of the same batch may have opened it, not yet saved.
        db.Apologies.Local.FirstOrDefault(a => a.CaseCode == caseCode && a.Status != ApologyStatus.Cancelled) is { } local
            ? Task.FromResult<Apology?>(local)
            : db.Apologies.FirstOrDefaultAsync(a => a.CaseCode == caseCode && a.Status != ApologyStatus.Cancelled, cancellationToken);

    /// <summary>Whether a late dossier with this appointment should get a draft (see <see cref="ApologiesOptions.OpenDraftsFrom"/>).</summary>
    public static bool Owed(DateTimeOffset dueAt, ApologiesOptions options) =>
        options.OpenDraftsFrom is not { } from || VietnamTime.DateOf(dueAt) >= from;

    public static Apology Open(ApologiesDbContext db, EventPublisher events, CalendarsInForce calendar, CaseEvent e, string responsibleUnitCode,
        DateTimeOffset dueAt, string openedBy, DateTimeOffset now)
    {
        var apology = new Apology
        {
            CaseCode = e.CaseCode,
            UnitCode = responsibleUnitCode,
            ReceivingUnitCode = e.UnitCode,
            ProcedureCode = e.ProcedureCode ?? "",
            OriginalDueAt = dueAt,
            LegalDeadline = Apology.LegalDeadlineFor(dueAt, calendar.Current),
            OpenedBy = openedBy,
            DraftedAt = now,
            NextLinkAt = now,
        };
        db.Apologies.Add(apology);
        events.Publish(db, new ApologyDrafted
        {
            OccurredAt = e.OccurredAt, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode,
            OriginalDueAt = dueAt, OpenedBy = openedBy,
        });
        return apology;
    }
}

/// <summary>
/// One working day before the appointment with no result (the legal moment to apologise), or the appointment passed
/// with none (the apology is late, but still owed): opens the draft, unless the dossier already has one — the overdue
/// warning after the due-soon one finds it.
/// </summary>
public sealed class CaseLateWarningHandler(ApologiesDbContext db, EventPublisher events, CalendarsInForce calendar, CasesFollowUp link, IOptions<ApologiesOptions> options, TimeProvider time)
    : IIntegrationEventHandler<CaseBecameDueSoon>, IIntegrationEventHandler<CaseBecameOverdue>
{
    public Task HandleAsync(CaseBecameDueSoon e, CancellationToken cancellationToken) =>
        OpenAsync(e, e.ResponsibleUnitCode, e.DueAt, "due-soon", cancellationToken);

    public Task HandleAsync(CaseBecameOverdue e, CancellationToken cancellationToken) =>
        OpenAsync(e, e.ResponsibleUnitCode, e.DueAt, "overdue", cancellationToken);

    private async Task OpenAsync(CaseEvent e, string responsibleUnitCode, DateTimeOffset dueAt, string openedBy, CancellationToken cancellationToken)
    {
        if (Drafts.Owed(dueAt, options.Value) && await Drafts.CurrentAsync(db, e.CaseCode, cancellationToken) is null)
        {
            Drafts.Open(db, events, calendar, e, responsibleUnitCode, dueAt, openedBy, time.GetUtcNow());
            db.AfterCommit(link.Wake);
        }
    }
}

/// <summary>
/// A result: in time, any draft is cancelled; late with no issued apology, the late unit has failed to apologise —
/// reported at once (<see cref="ApologyMissing"/>), and a draft stays open because the apology is still owed.
/// </summary>
public sealed class CaseDecidedHandler(ApologiesDbContext db, EventPublisher events, CalendarsInForce calendar, CasesFollowUp link, IOptions<ApologiesOptions> options, TimeProvider time)
    : IIntegrationEventHandler<CaseDecided>
{
    public async Task HandleAsync(CaseDecided e, CancellationToken cancellationToken)
    {
        var apology = await Drafts.CurrentAsync(db, e.CaseCode, cancellationToken);
        if (e.Timeliness != Timeliness.Late)
        {
            if (apology is { IsOpen: true })
            {
                apology.Cancel(time.GetUtcNow(), "Hồ sơ đã có kết quả đúng hạn / the dossier was decided in time.");
            }

            return;
        }

        if (apology is { Status: ApologyStatus.Issued })
        {
            return;
        }

        if (apology is null && Drafts.Owed(e.DueAt, options.Value))
        {
            apology = Drafts.Open(db, events, calendar, e, e.ResponsibleUnitCode, e.DueAt, "decided-late", time.GetUtcNow());
            db.AfterCommit(link.Wake);
        }

        apology?.ReportedMissing = true;
        events.Publish(db, new ApologyMissing
        {
            OccurredAt = e.OccurredAt, CaseCode = e.CaseCode, UnitCode = apology?.UnitCode ?? e.ResponsibleUnitCode, DueAt = e.DueAt, DecidedAt = e.DecidedAt,
        });
    }
}

/// <summary>
/// A dossier refused, stopped or withdrawn before its appointment owes no apology: an open draft is cancelled. One that
/// ends after its appointment had passed was late, and keeps its owed apology however it ends.
/// </summary>
public sealed class CaseClosedHandler(ApologiesDbContext db, TimeProvider time)
    : IIntegrationEventHandler<CaseRefused>, IIntegrationEventHandler<CaseStopped>, IIntegrationEventHandler<CaseWithdrawn>
{
    public Task HandleAsync(CaseRefused e, CancellationToken cancellationToken) =>
        CancelAsync(e, "Hồ sơ bị từ chối / the dossier was refused.", cancellationToken);

    public Task HandleAsync(CaseStopped e, CancellationToken cancellationToken) =>
        CancelAsync(e, "Dừng giải quyết theo yêu cầu / processing stopped at the citizen's request.", cancellationToken);

    public Task HandleAsync(CaseWithdrawn e, CancellationToken cancellationToken) =>
        CancelAsync(e, "Công dân rút hồ sơ / the citizen withdrew the dossier.", cancellationToken);

    private async Task CancelAsync(CaseEvent e, string reason, CancellationToken cancellationToken)
    {
        if (await Drafts.CurrentAsync(db, e.CaseCode, cancellationToken) is { IsOpen: true } apology && e.OccurredAt <= apology.OriginalDueAt)
        {
            apology.Cancel(time.GetUtcNow(), reason);
        }
    }
}
