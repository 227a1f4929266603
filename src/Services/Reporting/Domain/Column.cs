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
}
