using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The data classes Tthc's logs know (Decree 13/2023 on personal data): <see cref="Personal"/> is an applicant's name,
/// ID number, phone, email or address — anything that tells who a citizen is. A log line never carries it whole.
/// </summary>
public static class TthcData
{
    public const string Taxonomy = "Tthc";

    public static DataClassification Personal { get; } = new(Taxonomy, nameof(Personal));
}

/// <summary>Marks a field, property or log parameter as a citizen's personal data: redacted wherever it is logged.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = false)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(TthcData.Personal);

/// <summary>
/// Keeps enough of a value for an operator to tell two apart, and no more: the first and last two characters of a
/// phone ("0905123456" → "09******56"), the first letter and the domain of an email ("a***@example.vn"), a name's
/// initials ("Nguyễn Văn An" → "N. V. A."), nothing of a short value.
/// </summary>
public sealed class PersonalDataRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Mask(input.ToString()).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var redacted = Mask(source.ToString());
        redacted.CopyTo(destination);
        return redacted.Length;
    }

    public static string Mask(string value)
    {
        var at = value.IndexOf('@');
        if (at > 0)
        {
            return $"{value[0]}***{value[at..]}";
        }

        if (value.Contains(' '))
        {
            return string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => $"{w[0]}."));
        }

        return value.Length <= 6 ? new string('*', value.Length) : $"{value[..2]}{new string('*', value.Length - 4)}{value[^2..]}";
    }
}

public static class PersonalDataExtensions
{
    /// <summary>Log parameters and properties marked <see cref="PersonalDataAttribute"/> go through <see cref="PersonalDataRedactor"/>.</summary>
    public static TBuilder AddPersonalDataRedaction<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddRedaction(redaction => redaction.SetRedactor<PersonalDataRedactor>(new DataClassificationSet(TthcData.Personal)));
        // The discriminator (the parameter's name appended before redacting) is for hashing redactors; a mask has no use for it.
        builder.Logging.EnableRedaction(options => options.ApplyDiscriminator = false);
        return builder;
    }
}
