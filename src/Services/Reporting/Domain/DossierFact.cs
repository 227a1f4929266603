using Tthc.Calendar;
using Tthc.Contracts;

namespace Tthc.Reporting.Domain;

/// <summary>
/// What Reporting knows of one dossier, set (never incremented) from events or a replay, so a redelivered or
/// reordered event leaves it as it was. Its <see cref="Contributions"/> to the counters follow from it alone: when the
/// fact changes, the old contributions are taken back and the new ones added.
/// </summary>
public sealed class DossierFact
{
    public required string CaseCode { get; init; }

    /// <summary>The unit accountable for the dossier (the deciding unit): figures are counted there.</summary>
    public string UnitCode { get; set; } = "";

    public string ReceivingUnitCode { get; set; } = "";

    public string ProcedureCode { get; set; } = "";

    /// <summary>counter | online | postal, as the receipt's event said; empty until it arrives.</summary>
    public string Channel { get; set; } = "";

    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>The appointment lateness is judged against (moved only by a supplement restarting the clock).</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Null while open.</summary>
    public CaseOutcome? Outcome { get; set; }

    /// <summary>Once decided.</summary>
    public Timeliness? Timeliness { get; set; }

    public DateTimeOffset? ApologyIssuedAt { get; set; }

    public bool ApologyIssuedLate { get; set; }

    public string? ApologyNumber { get; set; }

    public DateTimeOffset? RescheduledTo { get; set; }

    /// <summary>
    /// Supplement requests the dossier had: Decision 766 counts a dossier asked for a supplement more than once as late,
    /// whatever its timeliness. Counted per event (the inbox keeps a redelivery from counting twice).
    /// </summary>
    public int SupplementRequests { get; set; }

    /// <summary>The late unit's apology was issued (an event, or Apologies' history in a rebuild).</summary>
    public void RecordApology(string unitCode, DateTimeOffset issuedAt, bool issuedLate, string number)
    {
        if (UnitCode.Length == 0)
        {
            UnitCode = unitCode;
        }

        (ApologyIssuedAt, ApologyIssuedLate, ApologyNumber) = (issuedAt, issuedLate, number);
    }

    /// <summary>Everything the fact says, to tell a real change from a redelivery.</summary>
    public string Snapshot() =>
        $"{UnitCode}|{ReceivingUnitCode}|{ProcedureCode}|{Channel}|{ReceivedAt?.UtcTicks}|{DueAt?.UtcTicks}|{ClosedAt?.UtcTicks}|{Outcome}|{Timeliness}|" +
        $"{ApologyIssuedAt?.UtcTicks}|{ApologyIssuedLate}|{ApologyNumber}|{RescheduledTo?.UtcTicks}|{SupplementRequests}";

    private static DateOnly Day(DateTimeOffset instant) => VietnamTime.DateOf(instant);

    /// <summary>Refused, stopped or withdrawn after its appointment had passed: late, without a result.</summary>
    public bool EndedLate => Outcome is CaseOutcome.Refused or CaseOutcome.Stopped or CaseOutcome.Withdrawn && ClosedAt is { } closed && DueAt is { } due && closed > due;

    /// <summary>Overdue at some moment: the appointment passed before it closed (or it is still open).</summary>
    public bool BecomesOverdue => DueAt is { } due && (ClosedAt is not { } closed || closed > due);

    /// <summary>
    /// The counter increments this fact accounts for. Nothing until the receipt is known (a closing that overtook it
    /// would otherwise make pending negative for a moment).
    /// </summary>
    public IEnumerable<(string Unit, DateOnly Day, Column Column)> Contributions()
    {
        if (ReceivedAt is not { } received)
        {
            yield break;
        }

        var unit = UnitCode;
        yield return (unit, Day(received), CaseTerms.TryParseChannel(Channel, out var channel) && channel != IntakeChannel.Counter
            ? channel == IntakeChannel.Online ? Column.ReceivedOnline : Column.ReceivedPostal
            : Column.ReceivedCounter);

        if (ClosedAt is { } closed)
        {
            var closedDay = Day(closed);
            switch (Outcome)
            {
                case CaseOutcome.Decided when Timeliness == Contracts.Timeliness.Late:
                    yield return (unit, closedDay, Column.ResolvedLate);
                    if (ApologyIssuedAt is { } apology && Day(apology) <= closedDay)
                    {
                        yield return (unit, closedDay, Column.ResolvedLateWithApology);
                    }

                    break;
                case CaseOutcome.Decided when Timeliness == Contracts.Timeliness.Early:
                    yield return (unit, closedDay, Column.ResolvedEarly);
                    break;
                case CaseOutcome.Decided:
                    yield return (unit, closedDay, Column.ResolvedOnTime);
                    break;
                case CaseOutcome.Refused:
                    yield return (unit, closedDay, Column.Refused);
                    break;
                case CaseOutcome.Withdrawn:
                    yield return (unit, closedDay, Column.Withdrawn);
                    break;
                default:
                    yield return (unit, closedDay, Column.Stopped);
                    break;
            }

            if (EndedLate)
            {
                yield return (unit, closedDay, Column.EndedLate);
                if (ApologyIssuedAt is { } apology && Day(apology) <= closedDay)
                {
                    yield return (unit, closedDay, Column.EndedLateWithApology);
                }
            }

            if (LateApologyPair() is not null)
            {
                yield return (unit, closedDay, Column.LateApologisedLater);
            }
        }

        if (BecomesOverdue)
        {
            var dueDay = Day(DueAt!.Value);
            yield return (unit, dueDay, Column.OverdueStarted);
            if (ClosedAt is { } end)
            {
                yield return (unit, Day(end), Column.OverdueEnded);
            }

            if (ApologyIssuedAt is { } apology && (ClosedAt is not { } closedAt || apology < closedAt))
            {
                var from = Day(apology) > dueDay ? Day(apology) : dueDay;
                yield return (unit, from, Column.OverdueWithApologyStarted);
                if (ClosedAt is { } endWithApology)
                {
                    yield return (unit, Day(endWithApology), Column.OverdueWithApologyEnded);
                }
            }
        }

        if (ApologyIssuedAt is { } issued)
        {
            yield return (unit, Day(issued), Column.ApologiesIssued);
            if (ApologyIssuedLate)
            {
                yield return (unit, Day(issued), Column.ApologiesIssuedLate);
            }
        }
    }

    /// <summary>
    /// A late decision (or a late ending without result) whose apology came on a later day: whether it counts "with
    /// apology" depends on the period's end, so it is kept as a pair, not a counter. Rare (an apology is due before the
    /// appointment).
    /// </summary>
    public LateApology? LateApologyPair() =>
        ReceivedAt is not null && ((Outcome == CaseOutcome.Decided && Timeliness == Contracts.Timeliness.Late) || EndedLate) && ClosedAt is { } closed
        && ApologyIssuedAt is { } apology && Day(apology) > Day(closed)
            ? new LateApology { CaseCode = CaseCode, UnitCode = UnitCode, DecidedOn = Day(closed), ApologyOn = Day(apology) }
            : null;
}
