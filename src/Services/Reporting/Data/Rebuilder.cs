using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Tthc.Contracts;
using Tthc.Contracts.Cases.V1;
using Tthc.Database;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// Rebuilds the read model from the sources of truth: every dossier change from Cases' <c>WatchCases</c> (cursor 0,
/// up to now) and every issued apology from Apologies. Facts are set, not counted, so events that arrive during or
/// after the rebuild and were already replayed change nothing.
/// </summary>
public sealed class Rebuilder(ReportingDbContext db, FactProjection facts, Contracts.Cases.V1.Cases.CasesClient cases, ApologiesHistoryClient apologies,
    ILogger<Rebuilder> logger)
{
    private const int SaveEvery = 2000;

    public async Task<RebuildResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        using var turn = await db.WriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Every replica's deliveries wait until the rebuilt model is committed (PostgreSQL; on SQLite the write turn does).
        await db.LockAsync([Messaging.SubscriptionExtensions.DeliveriesLock], shared: false, cancellationToken);
        await db.UnitDayCounters.ExecuteDeleteAsync(cancellationToken);
        await db.UnitHalfMonthCounters.ExecuteDeleteAsync(cancellationToken);
        await db.UnitMonthCounters.ExecuteDeleteAsync(cancellationToken);
        await db.UnitYearCounters.ExecuteDeleteAsync(cancellationToken);
        await db.LateApologies.ExecuteDeleteAsync(cancellationToken);
        await db.Facts.ExecuteDeleteAsync(cancellationToken);

        var changes = 0;
        var dossiers = new HashSet<string>(StringComparer.Ordinal);
        using (var watch = cases.WatchCases(new WatchCasesRequest { Cursor = 0, UntilNow = true }, cancellationToken: cancellationToken))
        {
            await foreach (var change in watch.ResponseStream.ReadAllAsync(cancellationToken))
            {
                dossiers.Add(change.Case.Code);
                await facts.ChangeAsync(change.Case.Code, f => Apply(f, change), cancellationToken);
                if (++changes % SaveEvery == 0)
                {
                    await SaveAsync(cancellationToken);
                }
            }
        }

        var issued = 0;
        await foreach (var apology in apologies.IssuedAsync(cancellationToken))
        {
            await facts.ChangeAsync(apology.CaseCode,
                f => f.RecordApology(apology.UnitCode, apology.IssuedAt, apology.IssuedLate, apology.Number), cancellationToken);
            if (++issued % SaveEvery == 0)
            {
                await SaveAsync(cancellationToken);
            }
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Rebuilt the read model: {Dossiers} dossiers from {Changes} changes, {Apologies} apologies.", dossiers.Count, changes, issued);
        return new RebuildResult(dossiers.Count, changes, issued, DateTimeOffset.UtcNow - started);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await facts.WriteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        facts.Forget();
    }

    /// <summary>The dossier as it is now, with the instant of the change for closings the snapshot does not date.</summary>
    private static void Apply(DossierFact f, CaseChange change)
    {
        var c = change.Case;
        f.UnitCode = c.ResponsibleUnitCode.Length > 0 ? c.ResponsibleUnitCode : c.UnitCode;
        f.ReceivingUnitCode = c.UnitCode;
        f.ProcedureCode = c.ProcedureCode;
        f.Channel = c.Channel;
        f.ReceivedAt = c.ReceivedAt?.ToDateTimeOffset();
        f.DueAt = c.DueAt?.ToDateTimeOffset();
        f.RescheduledTo = c.RescheduledTo?.ToDateTimeOffset();
        if (change.Action == "supplement-requested")
        {
            f.SupplementRequests++; // the replay runs every change from the start, once
        }

        switch (c.Status)
        {
            case "Decided" or "Returned":
                f.Outcome = CaseOutcome.Decided;
                f.ClosedAt = c.DecidedAt?.ToDateTimeOffset();
                f.Timeliness = CaseTerms.ParseTimeliness(c.Timeliness);
                break;
            case "Refused" or "Stopped" or "Withdrawn":
                f.Outcome = CaseTerms.ParseOutcome(c.Status.ToLowerInvariant());
                if (change.Action is "refused" or "stopped" or "withdrawn" || f.ClosedAt is null)
                {
                    f.ClosedAt = change.At.ToDateTimeOffset();
                }

                break;
        }
    }
}

public sealed record RebuildResult(int Dossiers, int Changes, int Apologies, TimeSpan Took);

/// <summary>Apologies' issued letters, page by page (<c>GET /api/apologies/issued</c>).</summary>
public sealed class ApologiesHistoryClient(HttpClient http)
{
    public async IAsyncEnumerable<IssuedApology> IssuedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<IssuedPage>($"/api/apologies/issued?pageSize=1000{(cursor is null ? "" : "&cursor=" + cursor)}", cancellationToken)
                ?? throw new InvalidOperationException("Apologies answered nothing.");
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private sealed record IssuedPage(List<IssuedApology> Items, string? NextCursor);
}

public sealed record IssuedApology(string CaseCode, string UnitCode, DateTimeOffset IssuedAt, bool IssuedLate, string Number);
