using System.Globalization;
using Tthc.Calendar;

namespace Tthc.Cases.Domain;

/// <summary>One change of a dossier: who, when, what, and from which state. Every change leaves one.</summary>
public sealed class DossierHistoryEntry
{
    /// <summary>The longest detail a history line keeps (PostgreSQL enforces the column's length; SQLite does not).</summary>
    public const int MaxDetailLength = 2000;

    public long Id { get; private set; }

    public required string DossierCode { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The token subject of the person or service that made the change.</summary>
    public required string Actor { get; init; }

    /// <summary>received | due-recomputed | …</summary>
    public required string Action { get; init; }

    public DossierStatus? FromStatus { get; init; }

    public required DossierStatus ToStatus { get; init; }

    /// <summary>What changed, in words an officer reads (Vietnamese).</summary>
    public string? Detail { get; init; }

    /// <summary>An instant as the details write it: Vietnam time, <c>HH:mm dd/MM/yyyy</c>.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.ToOffset(VietnamTime.Offset).ToString("HH:mm dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);
}
