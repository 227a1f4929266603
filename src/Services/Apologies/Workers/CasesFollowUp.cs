using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Grpc;
using Tthc.Contracts;
using Tthc.Database;

namespace Tthc.Apologies.Workers;

/// <summary>
/// Everything Apologies owes Cases or needs from it, done outside the transactions that decided it: fetch the form's
/// facts for a new draft, ask Cases to move the appointment once an apology is issued. Each apology says when it next
/// needs Cases (<see cref="Apology.NextLinkAt"/>, indexed), so the cost follows the work, and a Cases outage only delays
/// it (with backoff); nothing is forgotten.
/// </summary>
public sealed class CasesFollowUp(IServiceScopeFactory scopes, TimeProvider time, ILogger<CasesFollowUp> logger) : RoundsWorker(logger)
{
    protected override int BatchSize => 50;

    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(1);

    /// <summary>One round over the apologies whose turn has come; returns how many it looked at.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
        var cases = scope.ServiceProvider.GetRequiredService<ICasesClient>();
        // One replica at a time, so Cases is asked once per apology.
        await using var lead = await db.TryLeadAsync("cases-follow-up", cancellationToken);
        if (lead is null)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var due = await db.Apologies.Where(a => a.NextLinkAt != null && a.NextLinkAt <= now)
            .OrderBy(a => a.NextLinkAt).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var apology in due)
        {
            try
            {
                await LinkAsync(apology, cases, now, cancellationToken);
                apology.Linked(now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "Cases could not be reached about apology {ApologyId} (dossier {CaseCode}).", apology.Id, apology.CaseCode);
                apology.LinkFailed(now);
            }
        }

        if (due.Count > 0)
        {
            using var turn = await db.WriteTurnAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await lead.CompleteAsync(cancellationToken);
        return due.Count;
    }

    private async Task LinkAsync(Apology apology, ICasesClient cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (apology.Details is null)
        {
            var facts = await cases.GetAsync(apology.CaseCode, cancellationToken)
                ?? throw new InvalidOperationException($"Cases has no dossier {apology.CaseCode}.");
            apology.Describe(facts.Details);

            // An on-time decision that overtook the warning (events can cross on a partitioned broker): no apology is owed.
            if (apology.IsOpen && !facts.IsOpen && facts.Timeliness != Timeliness.Late)
            {
                apology.Cancel(now, $"Hồ sơ đã kết thúc ({facts.Status}) / the dossier ended without being late.");
            }
        }

        if (apology.Reschedule == RescheduleState.Pending)
        {
            var outcome = await cases.RescheduleAsync(apology.CaseCode, apology.NewAppointmentDate!.Value, apology.NumberText!, cancellationToken);
            if (outcome.Result == RescheduleResult.Done)
            {
                apology.Rescheduled(outcome.Note);
            }
            else
            {
                Logger.LogWarning("Cases did not move the appointment of {CaseCode}: {Note}", apology.CaseCode, outcome.Note);
                apology.RescheduleRefused(outcome.Note);
            }
        }
    }
}
