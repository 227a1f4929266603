namespace Tthc.Cases.Domain;

/// <summary>The last dossier number given by a unit on a Vietnam date: codes are gap-free per unit per day.</summary>
public sealed class UnitDaySequence
{
    public required string UnitCode { get; init; }

    public required DateOnly Day { get; init; }

    public int Last { get; init; }
}

/// <summary>A POST that created a dossier, remembered by its <c>Idempotency-Key</c> so that a replay returns the same one.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller (token subject) and the key: keys of different callers never collide.</summary>
    public required string Key { get; init; }

    public required string RequestHash { get; init; }

    public required string DossierCode { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
