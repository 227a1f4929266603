using System.Globalization;
using System.Text;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Vietnamese letters by table. The services run without ICU (invariant globalization), where
/// <see cref="string.Normalize()"/> returns text as it is: a text typed with combining accents (a keyboard's "Unicode tổ
/// hợp", a copy from a decomposed source) would stay decomposed, and "Pho" + U+0301 would not equal "Phó".
/// </summary>
public static class VietnameseText
{
    // The twelve vowels (with their breve, circumflex or horn built in), each followed by its five tones in the order
    // of Tones: grave, acute, hook above, tilde, dot below.
    private static readonly string[] Vowels =
        ["aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"];

    private const string Tones = "\u0300\u0301\u0309\u0303\u0323";

    // A vowel and a combining breve, circumflex or horn: the vowel that has it built in.
    private static readonly Dictionary<(char Vowel, char Mark), int> Modified = new()
    {
        [('a', '\u0306')] = 1, [('a', '\u0302')] = 2, [('e', '\u0302')] = 4,
        [('o', '\u0302')] = 7, [('o', '\u031B')] = 8, [('u', '\u031B')] = 10,
    };

    // Every form of every vowel, lower and upper case: its row in Vowels and its tone (0: none).
    private static readonly Dictionary<char, (int Row, int Tone, bool Upper)> Forms = BuildForms();

    // The letter each row of Vowels drops to without its marks.
    private const string PlainVowels = "aaaeeiooouuy";

    // The letters beyond the vowels: đ, and the Latin-1 ones a foreign name may carry, grouped by the letter they drop to.
    private static readonly Dictionary<char, char> Plain = Letters(
        ("äå", 'a'), ("ç", 'c'), ("đ", 'd'), ("ë", 'e'), ("îï", 'i'), ("ñ", 'n'), ("öø", 'o'), ("ûü", 'u'), ("ÿ", 'y'));

    /// <summary>
    /// The text with every Vietnamese vowel composed, as NFC writes Vietnamese: "Pho\u0301" → "Phó", "Nguye\u0302\u0303n" and
    /// "Nguyê\u0303n" → "Nguyễn". The marks after a vowel are taken in any order (one tone, one breve, circumflex or
    /// horn): a tone typed before the circumflex ("a\u0301\u0302"), which NFC would leave apart, is composed too ("ấ"),
    /// as the typist meant. What Vietnamese does not compose (a second tone, "i" with a circumflex) stays as typed.
    /// </summary>
    public static string Composed(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\u0300', '\u036F') < 0)
        {
            return text;
        }

        var composed = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!Forms.TryGetValue(text[i], out var form))
            {
                composed.Append(text[i]);
                continue;
            }

            var (row, tone) = (form.Row, form.Tone);
            var next = i + 1;
            for (; next < text.Length; next++)
            {
                var mark = text[next] switch { '\u0340' => '\u0300', '\u0341' => '\u0301', var m => m };
                if (tone == 0 && Tones.IndexOf(mark) is var t and >= 0)
                {
                    tone = t + 1;
                }
                else if (Modified.TryGetValue((Vowels[row][0], mark), out var modified))
                {
                    row = modified;
                }
                else
                {
                    break;
                }
            }

            var letter = Vowels[row][tone];
            composed.Append(form.Upper ? char.ToUpperInvariant(letter) : letter);
            i = next - 1;
        }

        return composed.ToString();
    }

    /// <summary>The text without diacritics (for SMS brandnames registered without Unicode): "Hồ sơ đã có" → "Ho so da co".</summary>
    public static string WithoutDiacritics(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Combining marks (text typed in decomposed form) go; letters with their marks built in become the base letter.
            if (Forms.TryGetValue(c, out var form))
            {
                plain.Append(form.Upper ? char.ToUpperInvariant(PlainVowels[form.Row]) : PlainVowels[form.Row]);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                plain.Append(Plain.GetValueOrDefault(c, c));
            }
        }

        return plain.ToString();
    }

    private static Dictionary<char, (int, int, bool)> BuildForms()
    {
        var forms = new Dictionary<char, (int, int, bool)>();
        for (var row = 0; row < Vowels.Length; row++)
        {
            for (var tone = 0; tone < Vowels[row].Length; tone++)
            {
                forms[Vowels[row][tone]] = (row, tone, false);
                forms[char.ToUpperInvariant(Vowels[row][tone])] = (row, tone, true);
            }
        }

        return forms;
    }

    private static Dictionary<char, char> Letters(params (string Marked, char Base)[] groups)
    {
        var letters = new Dictionary<char, char>();
        foreach (var (marked, plain) in groups)
        {
            foreach (var c in marked)
            {
                letters[c] = plain;
                letters[char.ToUpperInvariant(c)] = char.ToUpperInvariant(plain);
            }
        }

        return letters;
    }
}
