namespace Tthc.Reporting.Domain;

public enum Column
{
    ReceivedOnline,
    ReceivedCounter,
    ReceivedPostal,
    ResolvedEarly,
    ResolvedOnTime,
    ResolvedLate,
    ResolvedLateWithApology,
    Refused,
    Stopped,
    Withdrawn,
    OverdueStarted,
    OverdueEnded,
    OverdueWithApologyStarted,
    OverdueWithApologyEnded,
    ApologiesIssued,
    ApologiesIssuedLate,
    EndedLate,
    EndedLateWithApology,

    /// <summary>Resolved or ended late, with the apology issued on a later day (dated by the closing day).</summary>
    LateApologisedLater,
}
