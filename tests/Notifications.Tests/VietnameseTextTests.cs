using Tthc.Notifications.Channels;

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
