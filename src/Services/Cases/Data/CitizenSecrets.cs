using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Domain;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Cases.Data;

public enum SecretVerdict
{
    /// <summary>The dossier exists and the secret is its own.</summary>
    Right,

    /// <summary>No such dossier, or not its secret: the caller learns nothing about which.</summary>
    Wrong,

    /// <summary>Too many wrong secrets for this dossier lately, whoever sent them: try again after <see cref="SecretCheck.RetryAfter"/>.</summary>
    Locked,
}

public sealed record SecretCheck(SecretVerdict Verdict, Dossier? Dossier, TimeSpan RetryAfter)
{
    public static readonly SecretCheck Wrong = new(SecretVerdict.Wrong, null, TimeSpan.Zero);
}

/// <summary>
/// Checks a citizen's lookup secret against a dossier and counts the wrong ones per dossier (not per address): after
/// <see cref="LookupSecret.FreeFailures"/> the dossier's lookup is shut for a time that doubles with every further
/// wrong secret. The right secret clears the count. Every public surface that takes the secret (the lookup, the
/// citizen's withdrawal, and through gRPC the citizen's apology) asks here, so they share one count.
/// </summary>
public sealed class CitizenSecrets(CasesDbContext db, EventPublisher events, TimeProvider time)
{
    public async Task<SecretCheck> CheckAsync(string code, string? secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dossier = await db.Dossiers.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (dossier is null)
        {
            return SecretCheck.Wrong;
        }

        var guard = await db.LookupGuards.AsNoTracking().SingleOrDefaultAsync(g => g.DossierCode == code, cancellationToken);
        if (guard?.LockedUntil is { } until && until > now)
        {
            return new SecretCheck(SecretVerdict.Locked, null, until - now);
        }

        if (LookupSecret.Matches(code, secret, dossier.LookupSecretHash))
        {
            if (guard is not null)
            {
                using var clearing = await db.WriteTurnAsync(cancellationToken);
                await db.LookupGuards.Where(g => g.DossierCode == code).ExecuteDeleteAsync(cancellationToken);
            }

            return new SecretCheck(SecretVerdict.Right, dossier, TimeSpan.Zero);
        }

        // One statement counts the failure, so concurrent wrong tries each see their own number.
        using var turn = await db.WriteTurnAsync(cancellationToken);
        var failures = (await db.Database.SqlQuery<int>($"""
            INSERT INTO lookup_guards ("DossierCode", "Failures") VALUES ({code}, 1)
            ON CONFLICT ("DossierCode") DO UPDATE SET "Failures" = lookup_guards."Failures" + 1
            RETURNING "Failures" AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (LookupSecret.LockFor(failures) is { } lockFor && lockFor > TimeSpan.Zero)
        {
            var lockedUntil = now + lockFor;
            await db.LookupGuards.Where(g => g.DossierCode == code)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.LockedUntil, lockedUntil), cancellationToken);
        }

        return SecretCheck.Wrong;
    }

    /// <summary>
    /// Replaces a dossier's secret (a retried intake, a lost receipt) and forgets its wrong tries; the history says who
    /// did it and why. False when there is no such dossier.
    /// </summary>
    public async Task<bool> ReplaceAsync(string code, string secret, string actor, string why, CancellationToken cancellationToken)
    {
        var hash = LookupSecret.Hash(code, secret);
        using var turn = await db.WriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var status = await db.Dossiers.Where(d => d.Code == code).Select(d => (DossierStatus?)d.Status).SingleOrDefaultAsync(cancellationToken);
        if (status is not { } current)
        {
            return false;
        }

        await db.Dossiers.Where(d => d.Code == code).ExecuteUpdateAsync(s => s.SetProperty(d => d.LookupSecretHash, hash), cancellationToken);
        await db.LookupGuards.Where(g => g.DossierCode == code).ExecuteDeleteAsync(cancellationToken);
        db.History.Add(new DossierHistoryEntry
        {
            DossierCode = code, At = time.GetUtcNow(), Actor = actor, Action = "lookup-secret-replaced", FromStatus = current, ToStatus = current,
            Detail = $"{why}: cấp mã tra cứu mới, mã cũ hết hiệu lực",
        });
        // Notifications (alone: the contacts topic) keeps the secret for its links; the old one would no longer open the dossier.
        events.Publish(db, new CaseLookupSecretReplaced { OccurredAt = time.GetUtcNow(), CaseCode = code, LookupSecret = secret });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
