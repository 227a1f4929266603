namespace Tthc.Reporting.Domain;

/// <summary>The TTHC report for a period: a row per unit and the total.</summary>
public sealed record Report(PeriodView Period, IReadOnlyList<ReportRow> Rows, ReportRow Total);

/// <summary>A period as reported, with the moment its figures are as of (its end, or now while it runs).</summary>
public sealed record PeriodView(DateOnly Start, DateOnly End, string Kind, DateTimeOffset AsOf)
{
    public static PeriodView Of(ReportPeriod period, DateTimeOffset asOf) => new(period.Start, period.End, period.Kind, asOf);
}

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

/// <summary>Units with late dossiers lacking an apology in a period, worst first.</summary>
public sealed record ComplianceReport(PeriodView Period, IReadOnlyList<ComplianceRow> Units);

public sealed record ComplianceRow(string UnitCode, string UnitName, long LateWithoutApology, IReadOnlyList<string> CaseCodes);

/// <summary>Today's figures and the monthly trend, for the province (or the caller's unit) and each unit, as of a moment.</summary>
public sealed record Summary(DateOnly Today, DateTimeOffset AsOf, SummaryUnit Total, IReadOnlyList<SummaryUnit> Units);

public sealed record SummaryUnit(
    string UnitCode, string UnitName, long ReceivedToday, long ResolvedToday, long Pending, long PendingOverdue, IReadOnlyList<TrendMonth> Trend);

/// <summary>A calendar month's flows (<c>YYYY-MM</c>).</summary>
public sealed record TrendMonth(string Month, long Received, long Resolved, long ResolvedLate, long ApologiesIssued);
