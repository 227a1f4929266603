using System.Security.Claims;
using Tthc.Cases.Domain;
using Tthc.Database;

namespace Tthc.Cases.Data;

/// <summary>Records a read of a dossier's personal data before the data is answered: no record, no answer.</summary>
public sealed class PersonalDataAudit(CasesDbContext db, TimeProvider time)
{
    public async Task RecordAsync(ClaimsPrincipal user, string dossierCode, string through, CancellationToken cancellationToken)
    {
        db.PersonalDataReads.Add(new PersonalDataRead
        {
            DossierCode = dossierCode,
            Actor = Truncate(user.FindFirstValue(TthcClaims.Subject) ?? "unknown", 200),
            Role = Truncate(string.Join(",", user.FindAll(TthcClaims.Role).Select(c => c.Value)), 100),
            ActorUnitCode = user.UnitCode() is { Length: <= 13 } unit ? unit : null,
            At = time.GetUtcNow(),
            Through = through,
        });
        using var turn = await db.WriteTurnAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
