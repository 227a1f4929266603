using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;

namespace Tthc.Reporting.IntegrationEvents;

/// <summary>
/// Every dossier and apology event sets what it knows on the dossier's fact; <see cref="FactProjection"/> turns the change
/// into counter changes. Setting, not counting, is what makes a redelivered or reordered event harmless.
/// </summary>
public sealed class FactHandlers(FactProjection facts) :
    IIntegrationEventHandler<CaseReceived>,
    IIntegrationEventHandler<CaseSupplementRequested>,
    IIntegrationEventHandler<CaseSupplementReceived>,
    IIntegrationEventHandler<CaseDueRecomputed>,
    IIntegrationEventHandler<CaseRescheduled>,
    IIntegrationEventHandler<CaseDecided>,
    IIntegrationEventHandler<CaseRefused>,
    IIntegrationEventHandler<CaseStopped>,
    IIntegrationEventHandler<CaseWithdrawn>,
    IIntegrationEventHandler<CaseBecameOverdue>,
    IIntegrationEventHandler<ApologyIssued>
{
    public Task HandleAsync(CaseReceived e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f =>
        {
            f.UnitCode = e.ResponsibleUnitCode ?? e.UnitCode;
            f.ReceivingUnitCode = e.UnitCode;
            f.ProcedureCode = e.ProcedureCode ?? f.ProcedureCode;
            f.Channel = CaseTerms.Name(e.Channel);
            f.ReceivedAt = e.ReceivedAt;
            // A later appointment (a restarted clock) may have arrived first; the receipt's is only a default.
            f.DueAt ??= e.DueAt;
        }, cancellationToken);

    /// <summary>Counted, not set: the service index counts a dossier asked more than once as late (the inbox keeps a redelivery out).</summary>
    public Task HandleAsync(CaseSupplementRequested e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => f.SupplementRequests++, cancellationToken);

    public Task HandleAsync(CaseSupplementReceived e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => f.DueAt = e.DueAt, cancellationToken);

    public Task HandleAsync(CaseDueRecomputed e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => f.DueAt = e.DueAt, cancellationToken);

    public Task HandleAsync(CaseRescheduled e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => f.RescheduledTo = e.NewDueAt, cancellationToken);

    public Task HandleAsync(CaseDecided e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f =>
        {
            Identify(f, e, e.ResponsibleUnitCode);
            f.ClosedAt = e.DecidedAt;
            f.Outcome = CaseOutcome.Decided;
            f.Timeliness = e.Timeliness;
            f.DueAt = e.DueAt;
        }, cancellationToken);

    public Task HandleAsync(CaseRefused e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => (f.ClosedAt, f.Outcome) = (e.OccurredAt, CaseOutcome.Refused), cancellationToken);

    public Task HandleAsync(CaseStopped e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => (f.ClosedAt, f.Outcome) = (e.OccurredAt, CaseOutcome.Stopped), cancellationToken);

    public Task HandleAsync(CaseWithdrawn e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => (f.ClosedAt, f.Outcome) = (e.OccurredAt, CaseOutcome.Withdrawn), cancellationToken);

    /// <summary>Nothing new when the receipt came first; fills the appointment in when it did not.</summary>
    public Task HandleAsync(CaseBecameOverdue e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f =>
        {
            Identify(f, e, e.ResponsibleUnitCode);
            f.DueAt ??= e.DueAt;
        }, cancellationToken);

    public Task HandleAsync(ApologyIssued e, CancellationToken cancellationToken) =>
        facts.ChangeAsync(e.CaseCode, f => f.RecordApology(e.UnitCode, e.OccurredAt, e.IssuedLate, e.Number), cancellationToken);

    private static void Identify(Domain.DossierFact f, CaseEvent e, string responsibleUnitCode)
    {
        if (f.UnitCode.Length == 0)
        {
            f.UnitCode = responsibleUnitCode;
            f.ReceivingUnitCode = e.UnitCode;
            f.ProcedureCode = e.ProcedureCode ?? "";
        }
    }
}
