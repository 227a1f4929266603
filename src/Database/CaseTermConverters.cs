using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Tthc.Contracts;

namespace Tthc.Database;

/// <summary>
/// Stores the case terms as the events and APIs spell them (<c>on-time</c>, <c>decided</c>, <c>online</c>), so the
/// columns read as they always have and every service writes the same words.
/// </summary>
public static class CaseTermConverters
{
    public static readonly ValueConverter<Timeliness, string> Timeliness =
        new(value => CaseTerms.Name(value), text => CaseTerms.ParseTimeliness(text)!.Value);

    public static readonly ValueConverter<CaseOutcome, string> Outcome =
        new(value => CaseTerms.Name(value), text => CaseTerms.ParseOutcome(text)!.Value);

    public static readonly ValueConverter<IntakeChannel, string> Channel =
        new(value => CaseTerms.Name(value), text => ParseChannel(text));

    private static IntakeChannel ParseChannel(string text) =>
        CaseTerms.TryParseChannel(text, out var channel) ? channel : throw new FormatException($"'{text}' is not a channel.");
}
