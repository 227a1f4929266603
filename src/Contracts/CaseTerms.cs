using System.Text.Json.Serialization;

namespace Tthc.Contracts;

/// <summary>How a dossier reached the unit, and how its result went back: the words events and APIs use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntakeChannel>))]
public enum IntakeChannel
{
    /// <summary>Trực tiếp: at the one-stop counter.</summary>
    [JsonStringEnumMemberName("counter")]
    Counter,

    /// <summary>Trực tuyến: through the public-service portal.</summary>
    [JsonStringEnumMemberName("online")]
    Online,

    /// <summary>BCCI: by the public postal service.</summary>
    [JsonStringEnumMemberName("postal")]
    Postal,
}

/// <summary>A result against its appointment: before the appointment's day, on that day by the hour, or after it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Timeliness>))]
public enum Timeliness
{
    [JsonStringEnumMemberName("early")]
    Early,

    [JsonStringEnumMemberName("on-time")]
    OnTime,

    [JsonStringEnumMemberName("late")]
    Late,
}

/// <summary>How a dossier ended: a result, or none (refused, stopped at the citizen's request, withdrawn).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CaseOutcome>))]
public enum CaseOutcome
{
    [JsonStringEnumMemberName("decided")]
    Decided,

    [JsonStringEnumMemberName("refused")]
    Refused,

    [JsonStringEnumMemberName("stopped")]
    Stopped,

    [JsonStringEnumMemberName("withdrawn")]
    Withdrawn,
}

/// <summary>The words of <see cref="IntakeChannel"/>, <see cref="Timeliness"/> and <see cref="CaseOutcome"/>, both ways.</summary>
public static class CaseTerms
{
    public static string Name(IntakeChannel channel) => channel switch
    {
        IntakeChannel.Counter => "counter",
        IntakeChannel.Online => "online",
        _ => "postal",
    };

    public static string Name(Timeliness timeliness) => timeliness switch
    {
        Timeliness.Early => "early",
        Timeliness.OnTime => "on-time",
        _ => "late",
    };

    public static string Name(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Decided => "decided",
        CaseOutcome.Refused => "refused",
        CaseOutcome.Stopped => "stopped",
        _ => "withdrawn",
    };

    /// <summary>counter | online | postal (exactly; null or anything else is not a channel).</summary>
    public static bool TryParseChannel(string? text, out IntakeChannel channel)
    {
        (var known, channel) = text switch
        {
            "counter" => (true, IntakeChannel.Counter),
            "online" => (true, IntakeChannel.Online),
            "postal" => (true, IntakeChannel.Postal),
            _ => (false, default),
        };
        return known;
    }

    public static Timeliness? ParseTimeliness(string? text) => text switch
    {
        "early" => Timeliness.Early,
        "on-time" => Timeliness.OnTime,
        "late" => Timeliness.Late,
        _ => null,
    };

    public static CaseOutcome? ParseOutcome(string? text) => text switch
    {
        "decided" => CaseOutcome.Decided,
        "refused" => CaseOutcome.Refused,
        "stopped" => CaseOutcome.Stopped,
        "withdrawn" => CaseOutcome.Withdrawn,
        _ => null,
    };
}
