using System.Globalization;

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

    /// <summary>"07:30-11:30,13:30-17:00": the morning, then the afternoon.</summary>
    public override string ToString() =>
        $"{Hm(MorningStart)}-{Hm(MorningEnd)},{Hm(AfternoonStart)}-{Hm(AfternoonEnd)}";

    private static string Hm(TimeOnly time) => time.ToString("HH':'mm", CultureInfo.InvariantCulture);

    /// <summary>Reads <see cref="ToString"/>'s form; false for anything else or for hours that are not <see cref="IsValid"/>.</summary>
    public static bool TryParse(string? text, out OfficeHours hours)
    {
        hours = Default;
        var parts = text?.Split([',', '-'], StringSplitOptions.TrimEntries);
        if (parts is not { Length: 4 })
        {
            return false;
        }

        var times = new TimeOnly[4];
        for (var i = 0; i < 4; i++)
        {
            if (!TimeOnly.TryParseExact(parts[i], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out times[i]))
            {
                return false;
            }
        }

        hours = new OfficeHours(times[0], times[1], times[2], times[3]);
        return hours.IsValid;
    }
}
