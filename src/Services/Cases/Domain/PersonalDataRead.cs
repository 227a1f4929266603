namespace Tthc.Cases.Domain;

/// <summary>
/// Someone read a dossier's personal data (the applicant's name, ID number, phone, email, address): who, in which
/// role and unit, when, and through what. Kept for the province to list (Decree 13/2023, Article 27: processing of
/// personal data is logged); never changed or removed by the API.
/// </summary>
public sealed class PersonalDataRead
{
    public long Id { get; private set; }

    public required string DossierCode { get; init; }

    /// <summary>The token's subject: an officer's account, or <c>service:apologies</c>.</summary>
    public required string Actor { get; init; }

    public required string Role { get; init; }

    public string? ActorUnitCode { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The surface it was read through, e.g. <c>GET /api/cases/{code}</c>, <c>gRPC GetCase</c>.</summary>
    public required string Through { get; init; }
}
