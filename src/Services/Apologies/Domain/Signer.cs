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
    public IReadOnlyList<string> CapacityLines()
    {
        var title = Title.Trim();
        var upper = title.ToUpperInvariant();
        return title.StartsWith("Phó ", StringComparison.OrdinalIgnoreCase) && title.Length > 4
            ? [$"KT. {title[4..].Trim().ToUpperInvariant()}", upper]
            : [upper];
    }

    /// <summary>The signer named by a leader's identity (the <c>name</c> and <c>title</c> claims), or null when either is missing or too long.</summary>
    public static Signer? From(string? name, string? title) =>
        string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(title) || name.Length > MaxLength || title.Length > MaxLength
            ? null
            : new Signer(name.Trim(), title.Trim());
}
