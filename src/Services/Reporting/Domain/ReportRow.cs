namespace Tthc.Reporting.Domain;

/// <summary>
/// One unit's figures for a period, in the columns provincial systems use. Late = resolved late in the period + ended
/// late in it (refused, stopped or withdrawn after the appointment had passed) + pending overdue at its end (or now,
/// while it runs); "with apology" means an apology was issued by then.
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
