using Microsoft.Extensions.Hosting;

namespace Tthc.Notifications.Tests;

/// <summary>SMS without Unicode: the service runs without ICU, so the letters are folded by its own table.</summary>
public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("àáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaa")]
    [InlineData("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "AAAAAAAAAAAAAAAAA")]
    [InlineData("èéẻẽẹêềếểễệ ÈÉẺẼẸÊỀẾỂỄỆ", "eeeeeeeeeee EEEEEEEEEEE")]
    [InlineData("ìíỉĩị ÌÍỈĨỊ ỳýỷỹỵ ỲÝỶỸỴ đĐ", "iiiii IIIII yyyyy YYYYY dD")]
    [InlineData("òóỏõọôồốổỗộơờớởỡợ", "ooooooooooooooooo")]
    [InlineData("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "OOOOOOOOOOOOOOOOO")]
    [InlineData("ùúủũụưừứửữự ÙÚỦŨỤƯỪỨỬỮỰ", "uuuuuuuuuuu UUUUUUUUUUU")]
    [InlineData("Hồ sơ đã có kết quả, mời ông/bà đến nhận.", "Ho so da co ket qua, moi ong/ba den nhan.")]
    [InlineData("Ông François Müller, bà Ñuñez Åsa Øre", "Ong Francois Muller, ba Nunez Asa Ore")]
    public void Every_vietnamese_letter_loses_its_marks(string text, string expected) =>
        Assert.Equal(expected, VietnameseText.WithoutDiacritics(text));

    [Fact]
    public void Text_typed_in_decomposed_form_loses_its_combining_marks_too() =>
        // "Nguyễn Thị Ánh" with e + circumflex + tilde, i + dot below, A + acute as separate code points.
        Assert.Equal("Nguyen Thi Anh", VietnameseText.WithoutDiacritics("Nguye\u0302\u0303n Thi\u0323 A\u0301nh"));

    [Fact]
    public void The_tests_run_without_icu_as_the_service_does() =>
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant);
}

/// <summary>Composition by table: without ICU, string.Normalize leaves decomposed text as it is.</summary>
public sealed class VietnameseCompositionTests
{
    [Fact]
    public void Every_vietnamese_vowel_typed_with_combining_marks_is_composed()
    {
        // Each vowel as a base letter and its combining breve, circumflex or horn, with each tone mark after it.
        (string Decomposed, string Composed)[] vowels =
        [
            ("a", "aàáảãạ"), ("a\u0306", "ăằắẳẵặ"), ("a\u0302", "âầấẩẫậ"), ("e", "eèéẻẽẹ"), ("e\u0302", "êềếểễệ"),
            ("i", "iìíỉĩị"), ("o", "oòóỏõọ"), ("o\u0302", "ôồốổỗộ"), ("o\u031B", "ơờớởỡợ"), ("u", "uùúủũụ"),
            ("u\u031B", "ưừứửữự"), ("y", "yỳýỷỹỵ"),
        ];
        string[] tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
        foreach (var (decomposed, composed) in vowels)
        {
            for (var tone = 0; tone < tones.Length; tone++)
            {
                Assert.Equal(composed[tone].ToString(), VietnameseText.Composed(decomposed + tones[tone]));
                Assert.Equal(char.ToUpperInvariant(composed[tone]).ToString(),
                    VietnameseText.Composed(char.ToUpperInvariant(decomposed[0]) + decomposed[1..] + tones[tone]));
            }
        }
    }

    [Theory]
    [InlineData("Nguye\u0302\u0303n Thi\u0323 A\u0301nh", "Nguyễn Thị Ánh")] // as NFD orders the marks
    [InlineData("Nguyê\u0303n Thi\u0323 Ánh", "Nguyễn Thị Ánh")] // a composed vowel and a combining tone ("tổ hợp")
    [InlineData("Ô\u0323ng nho\u031B\u0323 ru\u031B\u0300ng", "Ộng nhợ rừng")] // dot below and horn first, as NFD puts them
    [InlineData("Pho\u0301 Gia\u0301m \u0111o\u0302\u0301c", "Phó Giám đốc")]
    [InlineData("a\u0301\u0302", "ấ")] // the tone before the circumflex: what the typist meant
    [InlineData("á\u0302 o\u0300\u031B", "ấ ờ")] // the same with the tone already built in, and before a horn
    [InlineData("Pho\u0341", "Phó")] // U+0341, the old acute tone mark, is U+0301
    [InlineData("Phó Giám đốc", "Phó Giám đốc")]
    [InlineData("i\u0302le", "i\u0302le")] // not Vietnamese: left as typed
    [InlineData("a\u0301\u0300", "á\u0300")] // a second tone is not composed
    [InlineData("\u0301a", "\u0301a")] // a mark with no vowel before it
    [InlineData("Mu\u0308ller", "Mu\u0308ller")]
    public void Text_is_composed_where_vietnamese_composes(string text, string expected) =>
        Assert.Equal(expected, VietnameseText.Composed(text));

    [Fact]
    public void Text_without_combining_marks_is_returned_as_it_is()
    {
        const string text = "Hồ sơ đã có kết quả";
        Assert.Same(text, VietnameseText.Composed(text));
    }
}
