namespace Tthc.Cases.Domain;

/// <summary>Wrong secrets tried against one dossier, whoever tried them, and until when its lookup is shut.</summary>
public sealed class LookupGuard
{
    public required string DossierCode { get; init; }

    public int Failures { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
