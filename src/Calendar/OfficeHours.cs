namespace Tthc.Calendar;

/// <summary>
/// A unit's office hours, in Vietnam time: a morning and an afternoon session. Deadlines are counted in these
/// half-days (buổi).
/// </summary>
public sealed record OfficeHours(TimeOnly MorningStart, TimeOnly MorningEnd, TimeOnly AfternoonStart, TimeOnly AfternoonEnd)
{
    /// <summary>07:30–11:30 and 13:30–17:00, the usual hours of a one-stop office.</summary>
    public static OfficeHours Default { get; } = new(new(7, 30), new(11, 30), new(13, 30), new(17, 0));

    /// <summary>Same-day procedures received from this hour on are due at the end of the next working day.</summary>
    public static TimeOnly SameDayCutOff { get; } = new(15, 0);

    /// <summary>Online submissions in the last hour of the working day count from the next working day.</summary>
    public TimeOnly OnlineCutOff => AfternoonEnd.AddHours(-1);

    public bool IsValid => MorningStart < MorningEnd && MorningEnd <= AfternoonStart && AfternoonStart < AfternoonEnd
                           && AfternoonEnd.AddHours(-1) > AfternoonStart;
}
