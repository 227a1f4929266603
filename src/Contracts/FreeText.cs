using System.Text;
using System.Xml;

namespace Tthc.Contracts;

/// <summary>
/// What people type (reasons, names, lists of missing documents): bounded in length, and free of control characters
/// other than line breaks and tabs — one such character once broke the public Atom feed and the Word letter.
/// </summary>
public static class FreeText
{
    /// <summary>A reason or note: at most this many characters.</summary>
    public const int MaxReason = 2000;

    /// <summary>
    /// True when <paramref name="text"/> is at most <paramref name="maxLength"/> long, printable (<see cref="IsPrintable"/>)
    /// and shows something: a letter, digit, punctuation mark or symbol. Spaces, accents with no letter under them
    /// (U+0301 alone) and invisible marks (U+200B) are blank — a name or reason of only those printed as nothing.
    /// </summary>
    public static bool IsValid(string? text, int maxLength = MaxReason) =>
        text is not null && text.Length <= maxLength && IsPrintable(text) && ShowsSomething(text);

    /// <summary>
    /// A person's or an organisation's name: valid free text (<see cref="IsValid"/>) with at least one letter. A name of
    /// only digits, marks or a pictograph (🙂) names nobody, and a receipt or a reply addressed to it reads as nothing.
    /// </summary>
    public static bool IsName(string? text, int maxLength) =>
        IsValid(text, maxLength) && text!.EnumerateRunes().Any(Rune.IsLetter);

    private static bool ShowsSomething(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// No control character but line breaks and tabs, and nothing an XML document cannot carry (U+FFFE, U+FFFF, a lone
    /// surrogate): what people type ends up in Atom feeds and Word letters, where one such character fails the page.
    /// </summary>
    public static bool IsPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                i++;
                continue;
            }

            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || !XmlConvert.IsXmlChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bilingual rule, for the 422 naming the field.</summary>
    public static string Rule(int maxLength = MaxReason) =>
        $"Bắt buộc, tối đa {maxLength} ký tự, không chứa ký tự điều khiển / required, at most {maxLength} characters, no control characters.";
}
