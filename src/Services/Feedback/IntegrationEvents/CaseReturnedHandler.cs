using Microsoft.EntityFrameworkCore;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Feedback.Data;
using Tthc.Feedback.Domain;
using Tthc.Messaging;

namespace Tthc.Feedback.IntegrationEvents;

/// <summary>A dossier's result was handed to the citizen: from now on the citizen may rate it.</summary>
public sealed class CaseReturnedHandler(FeedbackDbContext db) : IIntegrationEventHandler<CaseReturned>
{
    public async Task HandleAsync(CaseReturned e, CancellationToken cancellationToken)
    {
        // An earlier event of the batch, or a redelivery after a restore, may have recorded it.
        if (db.ReturnedCases.Local.Any(r => r.CaseCode == e.CaseCode)
            || await db.ReturnedCases.AnyAsync(r => r.CaseCode == e.CaseCode, cancellationToken))
        {
            return;
        }

        db.ReturnedCases.Add(new ReturnedCase
        {
            CaseCode = e.CaseCode, UnitCode = e.ResponsibleUnitCode ?? e.UnitCode, ReceivingUnitCode = e.UnitCode, ProcedureCode = e.ProcedureCode,
            ReturnedAt = e.OccurredAt,
        });
    }
}
