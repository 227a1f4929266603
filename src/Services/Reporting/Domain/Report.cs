namespace Tthc.Reporting.Domain;

/// <summary>The TTHC report for a period: a row per unit and the total.</summary>
public sealed record Report(PeriodView Period, IReadOnlyList<ReportRow> Rows, ReportRow Total);

public sealed record PeriodView(DateOnly Start, DateOnly End, string Kind);

/// <summary>
/// One unit's figures for a period, in the columns provincial systems use. The late split (with / without apology)
/// and pending overdue need per-dossier facts, which the event-fed read model will supply; until then they are zero.
/// </summary>
public sealed record ReportRow(string UnitCode, string UnitName)
{
    public long CarriedOver { get; init; }
    public long ReceivedOnline { get; init; }
    public long ReceivedCounter { get; init; }
    public long ReceivedPostal { get; init; }
    public long Resolved { get; init; }
    public long ResolvedEarly { get; init; }
    public long ResolvedOnTime { get; init; }
    public long ResolvedLate { get; init; }
    public long Pending { get; init; }
    public long PendingNotYetDue { get; init; }
    public long PendingOverdue { get; init; }
    public long LateWithApology { get; init; }
    public long LateWithoutApology { get; init; }
    public long Refused { get; init; }
    public long Stopped { get; init; }
    public long Withdrawn { get; init; }
    public long ApologiesIssuedLate { get; init; }

    public static ReportRow Sum(IReadOnlyCollection<ReportRow> rows) => new("", "Tổng cộng")
    {
        CarriedOver = rows.Sum(r => r.CarriedOver),
        ReceivedOnline = rows.Sum(r => r.ReceivedOnline),
        ReceivedCounter = rows.Sum(r => r.ReceivedCounter),
        ReceivedPostal = rows.Sum(r => r.ReceivedPostal),
        Resolved = rows.Sum(r => r.Resolved),
        ResolvedEarly = rows.Sum(r => r.ResolvedEarly),
        ResolvedOnTime = rows.Sum(r => r.ResolvedOnTime),
        ResolvedLate = rows.Sum(r => r.ResolvedLate),
        Pending = rows.Sum(r => r.Pending),
        PendingNotYetDue = rows.Sum(r => r.PendingNotYetDue),
        PendingOverdue = rows.Sum(r => r.PendingOverdue),
        LateWithApology = rows.Sum(r => r.LateWithApology),
        LateWithoutApology = rows.Sum(r => r.LateWithoutApology),
        Refused = rows.Sum(r => r.Refused),
        Stopped = rows.Sum(r => r.Stopped),
        Withdrawn = rows.Sum(r => r.Withdrawn),
        ApologiesIssuedLate = rows.Sum(r => r.ApologiesIssuedLate),
    };
}
