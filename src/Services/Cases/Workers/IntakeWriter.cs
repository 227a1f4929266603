using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Cases.Workers;

public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>
    /// How long an <c>Idempotency-Key</c> is remembered: a client retrying within it gets the dossier it created, after
    /// it a new one. A week by default, as the outbox keeps sent events; at a country's 170,000 dossiers a working day the
    /// keys would otherwise grow without end.
    /// </summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The address citizens reach the system at (the gateway's): the receipt's lookup link, and its QR code, are built on
    /// it. Unset, the link uses the address the intake request came to.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The web portal's lookup page on that address: a browser that opens the receipt's link (the QR code) is sent
    /// there, with the code and secret, to see the dossier as a page. Empty: browsers get the JSON too.
    /// </summary>
    public string? PortalLookupPath { get; set; } = "/tra-cuu";
}

/// <summary>A checked intake (or import) waiting for its number; <paramref name="Secret"/> is the receipt's lookup
/// secret, hashed into the dossier and answered once.</summary>
public sealed record PendingReceipt(
    Procedure Procedure, Unit Unit, IntakeChannel Channel, ApplicantDetails Applicant, IReadOnlyList<string> Components, WorkingCalendar Calendar,
    string Actor, string? StoredKey, string RequestHash, string Secret, PastHandling? History = null, IReadOnlyList<string>? Notify = null);

/// <summary>An imported dossier's real times in the old system.</summary>
/// <param name="ReturnChannel">counter | postal | online, with <paramref name="ReturnedAt"/>.</param>
public sealed record PastHandling(DateTimeOffset ReceivedAt, DateTimeOffset? DecidedAt, DateTimeOffset? ReturnedAt, IntakeChannel? ReturnChannel);

/// <summary>What became of a pending receipt.</summary>
public abstract record ReceiptOutcome
{
    /// <summary>Numbered and saved, with its <c>case.received</c> in the outbox.</summary>
    public sealed record Written(Dossier Dossier, DateTimeOffset CountsFrom) : ReceiptOutcome;

    /// <summary>The caller sent this <c>Idempotency-Key</c> before, with the same body: that dossier.</summary>
    public sealed record Replayed(string DossierCode) : ReceiptOutcome;

    /// <summary>The caller used this <c>Idempotency-Key</c> for a different body.</summary>
    public sealed record KeyReused : ReceiptOutcome;
}

/// <summary>
/// Writes receipts in groups: whatever arrived while the previous group was being written goes into one transaction,
/// with one statement per unit-day counter and one commit (SQLite's cost is the commit, not the row). Numbers are
/// taken only inside the transaction that saves their dossiers, by a statement that moves the counter and keeps its row
/// locked until the commit, so codes stay unique and gap-free also with replicas writing at once on PostgreSQL; a group
/// that fails is written again one receipt at a time, so one bad receipt never takes others down with it.
/// </summary>
public sealed class IntakeWriter(
    IServiceScopeFactory scopes, EventPublisher events, TimeProvider time,
    IOptions<WatchOptions> watch, IOptions<IntakeOptions> intake, ILogger<IntakeWriter> logger) : BackgroundService
{
    private const int MaxGroup = 256;

    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(10);

    private DateTimeOffset _lastForgotten = DateTimeOffset.MinValue;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(4 * MaxGroup) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues the receipt and waits for its commit. A caller that gives up does not stop the write.</summary>
    public async Task<ReceiptOutcome> WriteAsync(PendingReceipt receipt, CancellationToken cancellationToken)
    {
        var pending = new Pending(receipt, new TaskCompletionSource<ReceiptOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(MaxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
                {
                    group.Add(pending);
                }

                await WriteGroupAsync(group);
                group.Clear();
                if (time.GetUtcNow() - _lastForgotten >= ForgetEvery)
                {
                    await ForgetOldKeysAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var pending))
            {
                pending.Outcome.TrySetCanceled(stoppingToken);
            }
        }
    }

    /// <summary>Forgets the idempotency keys older than <see cref="IntakeOptions.IdempotencyRetention"/>.</summary>
    public async Task<int> ForgetOldKeysAsync(CancellationToken cancellationToken)
    {
        _lastForgotten = time.GetUtcNow();
        var before = _lastForgotten - intake.Value.IdempotencyRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        using var turn = await db.WriteTurnAsync(cancellationToken);
        var forgotten = await db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
        if (forgotten > 0)
        {
            logger.LogInformation("Forgot {Count} idempotency keys older than {Retention}", forgotten, intake.Value.IdempotencyRetention);
        }

        return forgotten;
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        try
        {
            var outcomes = await WriteAsync(group);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Outcome.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception groupFailure) when (group.Count > 1)
        {
            logger.LogWarning(groupFailure, "A group of {Count} receipts failed; writing them one by one.", group.Count);
            foreach (var pending in group)
            {
                await WriteGroupAsync([pending]);
            }
        }
        catch (Exception failure)
        {
            group[0].Outcome.TrySetException(failure);
        }
    }

    private async Task<ReceiptOutcome[]> WriteAsync(List<Pending> group)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        using var turn = await db.WriteTurnAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync();

        var keys = group.Select(p => p.Receipt.StoredKey).OfType<string>().Distinct().ToList();
        var remembered = keys.Count == 0
            ? []
            : await db.IdempotencyRecords.AsNoTracking().Where(r => EF.Parameter(keys).Contains(r.Key)).ToDictionaryAsync(r => r.Key, StringComparer.Ordinal);
        // First which receipts are new (a key sent before, or twice in this group, is answered from its first use), and
        // how many numbers each unit-day needs; then the numbers, taken together per unit-day; then the rows.
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var fresh = new (DateTimeOffset ReceivedAt, DateOnly Day)?[group.Count];
        var needed = new Dictionary<(string Unit, DateOnly Day), int>();
        var outcomes = new ReceiptOutcome[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var receipt = group[i].Receipt;
            if (receipt.StoredKey is { } key && remembered.TryGetValue(key, out var earlier))
            {
                outcomes[i] = earlier.RequestHash == receipt.RequestHash ? new ReceiptOutcome.Replayed(earlier.DossierCode) : new ReceiptOutcome.KeyReused();
                continue;
            }

            if (receipt.StoredKey is { } repeated && firstWithKey.ContainsKey(repeated))
            {
                continue;
            }

            var receivedAt = receipt.History?.ReceivedAt.ToUniversalTime() ?? time.GetUtcNow();
            var day = VietnamTime.DateOf(receivedAt);
            fresh[i] = (receivedAt, day);
            needed[(receipt.Unit.Code, day)] = needed.GetValueOrDefault((receipt.Unit.Code, day)) + 1;
            if (receipt.StoredKey is { } newKey)
            {
                firstWithKey[newKey] = i;
            }
        }

        // Unit-days in one order, so two replicas' groups never wait on each other's rows in a circle.
        var next = needed.Count == 0
            ? []
            : await db.TakeCodeNumbersAsync(
                needed.OrderBy(n => n.Key.Unit, StringComparer.Ordinal).ThenBy(n => n.Key.Day).ToList(), CancellationToken.None);
        foreach (var (unitDay, count) in needed)
        {
            next[unitDay] = next[unitDay] - count + 1; // the first of the numbers taken
        }

        var rows = new Rows();
        for (var i = 0; i < group.Count; i++)
        {
            var receipt = group[i].Receipt;
            if (outcomes[i] is not null)
            {
                continue;
            }

            if (fresh[i] is not { } slot)
            {
                // The same key as an earlier receipt of this group: that receipt's dossier, if the body is the same.
                var first = firstWithKey[receipt.StoredKey!];
                outcomes[i] = group[first].Receipt.RequestHash == receipt.RequestHash && outcomes[first] is ReceiptOutcome.Written written
                    ? new ReceiptOutcome.Replayed(written.Dossier.Code)
                    : new ReceiptOutcome.KeyReused();
                continue;
            }

            var (receivedAt, day) = slot;
            var number = next[(receipt.Unit.Code, day)]++;
            var (dossier, countsFrom) = Stage(rows, receipt, DossierCode.Of(receipt.Unit.Code, day, number), receivedAt);
            if (receipt.StoredKey is { } newKey)
            {
                // Remembered from the moment of writing, also for an import received years ago.
                rows.Idempotency.Add(new IdempotencyRecord { Key = newKey, RequestHash = receipt.RequestHash, DossierCode = dossier.Code, CreatedAt = time.GetUtcNow() });
            }

            outcomes[i] = new ReceiptOutcome.Written(dossier, countsFrom);
        }

        // The new rows, which nothing reads back here, by prepared statements: EF Core's tracking and per-row
        // statements cost more than the rows (see PreparedRows).
        await PreparedRows.AppendAsync(db, rows.Dossiers, CancellationToken.None);
        await PreparedRows.AppendAsync(db, rows.History, CancellationToken.None);
        // Keys in one order, so two replicas writing the same two keys never wait on each other in a circle.
        rows.Idempotency.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        await PreparedRows.AppendAsync(db, rows.Idempotency, CancellationToken.None);
        // The contacts after the group's other events: each topic's events in one run, which the relay sends as one
        // batch (interleaved, every event would travel alone); each dossier's contact still follows its receipt.
        rows.Outbox.AddRange(rows.Contacts);
        await events.WriteAsync(db, rows.Outbox, CancellationToken.None);
        await transaction.CommitAsync();
        return outcomes;
    }

    /// <summary>The dossier, its first history entry and its events, as rows to write.</summary>
    private (Dossier Dossier, DateTimeOffset CountsFrom) Stage(Rows rows, PendingReceipt receipt, string code, DateTimeOffset receivedAt)
    {
        var history = receipt.History;
        var (dossier, countsFrom, received) = Dossier.Receive(
            code, receipt.Procedure, receipt.Unit.Code, receipt.Channel, receipt.Applicant, receipt.Components, receivedAt, receipt.Calendar,
            watch.Value.DueSoonWorkingDays, receipt.Secret, imported: history is not null);
        rows.Dossiers.Add(dossier);
        Keep(rows, received, receipt.Actor);
        if ((receipt.Applicant.Email is not null || receipt.Applicant.Phone is not null) && history?.DecidedAt is null)
        {
            // How to reach the citizen, for Notifications alone (its own topic), with the receipt's notice; an imported
            // dossier's past is told to nobody, its next steps are (one decided in the old system has none).
            rows.Contacts.Add(events.ToOutbox(new CaseContactGiven
            {
                OccurredAt = receivedAt, CaseCode = code, UnitCode = dossier.UnitCode, ResponsibleUnitCode = dossier.DecidingUnitCode,
                ApplicantName = receipt.Applicant.FullName, ApplicantIsOrganisation = receipt.Applicant.IsOrganisation,
                Email = receipt.Applicant.Email, Phone = receipt.Applicant.Phone, Notify = receipt.Notify ?? [], LookupSecret = receipt.Secret,
                ProcedureName = receipt.Procedure.Name, UnitName = receipt.Unit.Name, ReceivedAt = dossier.ReceivedAt, DueAt = dossier.DueAt,
                NotifyFrom = history is null ? null : time.GetUtcNow(),
            }));
        }

        if (history is not null)
        {
            ReplayHistory(rows, dossier, history, receipt.Actor, receipt.Calendar);
        }

        return (dossier, countsFrom);
    }

    /// <summary>What live processing would have said after the receipt, in order, at the times it would have said it.</summary>
    private void ReplayHistory(Rows rows, Dossier dossier, PastHandling history, string actor, WorkingCalendar calendar)
    {
        // The watch's steps that came before the result (or now): due soon, then overdue, at their own moments.
        var end = history.DecidedAt?.ToUniversalTime() ?? time.GetUtcNow();
        while (dossier.NextWatchAt is { } moment && moment < end && dossier.WatchStep(moment) is { } warning)
        {
            rows.Outbox.Add(events.ToOutbox(warning));
        }

        if (history.DecidedAt is { } decidedAt)
        {
            Keep(rows, dossier.Decide(decidedAt.ToUniversalTime(), calendar, "nhập từ hệ thống cũ"), actor);
        }

        if (history.ReturnedAt is { } returnedAt)
        {
            Keep(rows, dossier.Return(returnedAt.ToUniversalTime(), history.ReturnChannel!.Value, "nhập từ hệ thống cũ"), actor);
        }
    }

    private void Keep(Rows rows, DossierChange change, string actor)
    {
        rows.History.Add(change.HistoryEntry(actor));
        rows.Outbox.Add(events.ToOutbox(change.Event));
    }

    /// <summary>A group's new rows, by table.</summary>
    private sealed class Rows
    {
        public List<Dossier> Dossiers { get; } = [];

        public List<DossierHistoryEntry> History { get; } = [];

        public List<IdempotencyRecord> Idempotency { get; } = [];

        public List<OutboxMessage> Outbox { get; } = [];

        /// <summary>The contacts for Notifications (topic <c>contacts</c>), written after <see cref="Outbox"/>.</summary>
        public List<OutboxMessage> Contacts { get; } = [];
    }

    private sealed record Pending(PendingReceipt Receipt, TaskCompletionSource<ReceiptOutcome> Outcome);
}
