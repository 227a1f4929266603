namespace Tthc.Reporting.Domain;

/// <summary>
/// The figures a unit's dossiers add on one day (or half-month, month, year), kept as the facts change. Every column is a flow: what
/// happened that day. A balance at the end of a day — pending, pending overdue — is the sum of the flows up to it
/// (what opened minus what closed), so a report over any period is two cumulative sums, never a scan of dossiers.
/// </summary>
public abstract class Counters
{
    public required string UnitCode { get; init; }

    public long ReceivedOnline { get; set; }
    public long ReceivedCounter { get; set; }
    public long ReceivedPostal { get; set; }
    public long ResolvedEarly { get; set; }
    public long ResolvedOnTime { get; set; }
    public long ResolvedLate { get; set; }

    /// <summary>Resolved late, with an apology issued by the end of the day of the decision.</summary>
    public long ResolvedLateWithApology { get; set; }

    public long Refused { get; set; }
    public long Stopped { get; set; }
    public long Withdrawn { get; set; }

    /// <summary>Open dossiers whose appointment passed this day; <see cref="OverdueEnded"/> those closed this day.</summary>
    public long OverdueStarted { get; set; }
    public long OverdueEnded { get; set; }

    /// <summary>The same for overdue dossiers that have an apology: from the later of the appointment and the apology.</summary>
    public long OverdueWithApologyStarted { get; set; }
    public long OverdueWithApologyEnded { get; set; }

    public long ApologiesIssued { get; set; }
    public long ApologiesIssuedLate { get; set; }

    /// <summary>
    /// Refused, stopped or withdrawn after the appointment had passed: no result, but late all the same — the dossier
    /// stays in the late figures of the period it ended in, with or without its apology (issued by that day).
    /// </summary>
    public long EndedLate { get; set; }
    public long EndedLateWithApology { get; set; }

    /// <summary>
    /// Resolved late or ended late, with the apology issued on a later day, counted on the day it closed: "with apology"
    /// in a period that ends after the apology. A report subtracts the few whose apology came after its end (the
    /// late-apology pairs) instead of counting all of them pair by pair.
    /// </summary>
    public long LateApologisedLater { get; set; }

    /// <summary>
    /// What the day adds to the balances: received minus closed (pending), overdue started minus ended, the same with
    /// an apology. A balance at any day is the sum of these three from the beginning, so that long sum reads three
    /// columns, not sixteen.
    /// </summary>
    public long OpenNet { get; set; }
    public long OverdueNet { get; set; }
    public long OverdueWithApologyNet { get; set; }

    /// <summary>Adds to a flow, and to the balance it moves.</summary>
    public void Add(Column column, long delta)
    {
        switch (column)
        {
            case Column.ReceivedOnline: ReceivedOnline += delta; OpenNet += delta; break;
            case Column.ReceivedCounter: ReceivedCounter += delta; OpenNet += delta; break;
            case Column.ReceivedPostal: ReceivedPostal += delta; OpenNet += delta; break;
            case Column.ResolvedEarly: ResolvedEarly += delta; OpenNet -= delta; break;
            case Column.ResolvedOnTime: ResolvedOnTime += delta; OpenNet -= delta; break;
            case Column.ResolvedLate: ResolvedLate += delta; OpenNet -= delta; break;
            case Column.ResolvedLateWithApology: ResolvedLateWithApology += delta; break;
            case Column.Refused: Refused += delta; OpenNet -= delta; break;
            case Column.Stopped: Stopped += delta; OpenNet -= delta; break;
            case Column.Withdrawn: Withdrawn += delta; OpenNet -= delta; break;
            case Column.OverdueStarted: OverdueStarted += delta; OverdueNet += delta; break;
            case Column.OverdueEnded: OverdueEnded += delta; OverdueNet -= delta; break;
            case Column.OverdueWithApologyStarted: OverdueWithApologyStarted += delta; OverdueWithApologyNet += delta; break;
            case Column.OverdueWithApologyEnded: OverdueWithApologyEnded += delta; OverdueWithApologyNet -= delta; break;
            case Column.ApologiesIssued: ApologiesIssued += delta; break;
            case Column.ApologiesIssuedLate: ApologiesIssuedLate += delta; break;
            case Column.EndedLate: EndedLate += delta; break;
            case Column.EndedLateWithApology: EndedLateWithApology += delta; break;
            case Column.LateApologisedLater: LateApologisedLater += delta; break;
            default: throw new ArgumentOutOfRangeException(nameof(column), column, null);
        }
    }

    /// <summary>The stored columns, in the order of <see cref="Values"/>: every flow, then the three balances' nets.</summary>
    public static readonly string[] StoredColumns = [.. Enum.GetNames<Column>(), nameof(OpenNet), nameof(OverdueNet), nameof(OverdueWithApologyNet)];

    /// <summary>The stored values, in the order of <see cref="StoredColumns"/> (for bulk writers).</summary>
    public long[] Values() =>
    [
        ReceivedOnline, ReceivedCounter, ReceivedPostal, ResolvedEarly, ResolvedOnTime, ResolvedLate, ResolvedLateWithApology,
        Refused, Stopped, Withdrawn, OverdueStarted, OverdueEnded, OverdueWithApologyStarted, OverdueWithApologyEnded,
        ApologiesIssued, ApologiesIssuedLate, EndedLate, EndedLateWithApology, LateApologisedLater, OpenNet, OverdueNet, OverdueWithApologyNet,
    ];
}
