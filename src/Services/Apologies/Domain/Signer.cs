namespace Tthc.Apologies.Domain;

/// <summary>
/// The person who signs an official document, and the capacity the signature block states (Decree 30/2020, Article 13
/// and Appendix I): the head signs under their own title; a deputy signs "KT." (ký thay) on the head's behalf, the
/// head's title first, then their own.
/// </summary>
public sealed record Signer(string Name, string Title)
{
    public const int MaxLength = 100;

    /// <summary>"Phó Giám đốc" → ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]; "Giám đốc" → ["GIÁM ĐỐC"].</summary>
    /// <remarks>
    /// The title is read composed (<see cref="VietnameseText.Composed"/>) with its spaces as single spaces: a title
    /// typed with combining accents ("Pho" + U+0301, as some keyboards give it) or a no-break space is the same title,
    /// and a deputy still signs "KT.".
    /// </remarks>
    public IReadOnlyList<string> CapacityLines()
    {
        var words = VietnameseText.Composed(Title).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var upper = string.Join(' ', words).ToUpperInvariant();
        return words.Length > 1 && string.Equals(words[0], Deputy, StringComparison.OrdinalIgnoreCase)
            ? [$"KT. {upper[(words[0].Length + 1)..]}", upper]
            : [upper];
    }

    /// <summary>"Phó" (deputy), composed.</summary>
    private const string Deputy = "Phó";

    /// <summary>
    /// The signer named by a leader's identity (the <c>name</c> and <c>title</c> claims), or null when either is missing
    /// or too long. Both are kept composed (<see cref="VietnameseText.Composed"/>), as the document prints them.
    /// </summary>
    public static Signer? From(string? name, string? title)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        name = VietnameseText.Composed(name.Trim());
        title = VietnameseText.Composed(title.Trim());
        return name.Length > MaxLength || title.Length > MaxLength ? null : new Signer(name, title);
    }
}
