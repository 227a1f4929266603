using System.Net;
using Microsoft.Extensions.Hosting;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Tthc.Apologies.Documents;
using Tthc.Apologies.Domain;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

/// <summary>The letter as Decree 30/2020 lays out an official document, signed by a leader the token names.</summary>
public sealed class OfficialDocumentTests
{
    private static async Task<(ApologiesFactory Factory, byte[] Docx)> SignedLetterAsync(string name, string title, bool organisation = false)
    {
        var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync(organisation: organisation);
        var leader = factory.CreateClient();
        leader.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("leader", ApologiesFactory.Unit, name: name, title: title));
        (await leader.PostAsync($"/api/apologies/{apology.Id}/sign", null)).EnsureSuccessStatusCode();
        return (factory, await leader.GetByteArrayAsync($"/api/apologies/{apology.Id}/document.docx"));
    }

    private static List<string> Lines(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
    }

    [Fact]
    public async Task A_deputy_signs_on_the_heads_behalf_with_their_name_and_no_printed_instruction()
    {
        var (factory, docx) = await SignedLetterAsync("Lê Văn Thành", "Phó Giám đốc");
        await using var _ = factory;
        var lines = Lines(docx);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts.Folder("documents"), "apology-signed-by-deputy.docx"), docx);

        // Capacity, own title, then the name: in that order, with nothing of the form's instruction left.
        var capacity = lines.IndexOf("KT. GIÁM ĐỐC");
        Assert.True(capacity >= 0, string.Join(" | ", lines));
        Assert.Equal("PHÓ GIÁM ĐỐC", lines[capacity + 1]);
        Assert.Contains("Lê Văn Thành", lines.Skip(capacity + 2));
        Assert.DoesNotContain(lines, l => l.Contains("(Ký, ghi rõ họ tên") || l.Contains("THỦ TRƯỞNG CƠ QUAN"));

        // Place and date as the decree writes them: 2 March 2026.
        Assert.Contains("Đắk Lắk, ngày 02 tháng 3 năm 2026", lines);
        Assert.Contains(lines, l => l.StartsWith("Ngày 23 tháng 02 năm 2026, Sở Xây dựng tiếp nhận", StringComparison.Ordinal));
        Assert.Contains("Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 03 tháng 3 năm 2026.", lines);
        Assert.Contains(lines, l => l.EndsWith("hẹn trả kết quả vào ngày 10 tháng 3 năm 2026.", StringComparison.Ordinal));
        Assert.Contains("Số: 01/PXL", lines);
        // The issuing body is a name, never a code.
        Assert.Contains("SỞ XÂY DỰNG", lines);
        Assert.DoesNotContain(lines, l => l.Contains(ApologiesFactory.Unit));
    }

    [Fact]
    public async Task The_motto_and_the_issuing_body_are_underlined_by_a_solid_rule()
    {
        var (factory, docx) = await SignedLetterAsync("Lê Văn Thành", "Giám đốc");
        await using var _ = factory;
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().ToList();

        bool RuleAfter(string text) =>
            paragraphs[paragraphs.FindIndex(p => p.InnerText == text) + 1].ParagraphProperties?.ParagraphBorders?.TopBorder?.Val?.Value == BorderValues.Single;

        Assert.True(RuleAfter("Độc lập - Tự do - Hạnh phúc"));
        Assert.True(RuleAfter("SỞ XÂY DỰNG"));
        // The head signs under their own title alone.
        Assert.Contains("GIÁM ĐỐC", Lines(docx));
        Assert.DoesNotContain(Lines(docx), l => l.StartsWith("KT.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_organisation_is_addressed_by_its_name()
    {
        var (factory, docx) = await SignedLetterAsync("Lê Văn Thành", "Phó Giám đốc", organisation: true);
        await using var _ = factory;
        var lines = Lines(docx);

        Assert.Contains("Kính gửi: Công ty TNHH Xây dựng Ea Kao.", lines);
        Assert.Contains(lines, l => l.Contains("(mã số doanh nghiệp: 6001234567)"));
        Assert.DoesNotContain(lines, l => l.Contains("Ông/Bà"));
    }

    [Fact]
    public async Task A_leader_whose_identity_has_no_name_or_title_cannot_sign()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();
        var leader = factory.CreateClient();
        leader.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("leader", ApologiesFactory.Unit, name: "", title: ""));

        var response = await leader.PostAsync($"/api/apologies/{apology.Id}/sign", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("signer", out _));
        Assert.Equal(ApologyStatus.AwaitingSignature, (await factory.FindAsync(apology.CaseCode))!.Status);
    }

    [Theory]
    [InlineData(2026, 3, 5, "ngày 05 tháng 3 năm 2026")]
    [InlineData(2026, 1, 15, "ngày 15 tháng 01 năm 2026")]
    [InlineData(2026, 2, 9, "ngày 09 tháng 02 năm 2026")]
    [InlineData(2026, 12, 31, "ngày 31 tháng 12 năm 2026")]
    [InlineData(2026, 10, 1, "ngày 01 tháng 10 năm 2026")]
    public void Dates_are_written_as_decree_30_writes_them(int year, int month, int day, string expected) =>
        Assert.Equal(expected, ApologyDocument.Decree30Date(new DateOnly(year, month, day)));

    [Theory]
    [InlineData("Phó Giám đốc", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")]
    [InlineData("Giám đốc", "GIÁM ĐỐC")]
    [InlineData("Phó Chủ tịch", "KT. CHỦ TỊCH|PHÓ CHỦ TỊCH")]
    [InlineData("Trưởng ban", "TRƯỞNG BAN")]
    [InlineData("phó giám đốc", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")]
    [InlineData("Pho\u0301 Gia\u0301m \u0111o\u0302\u0301c", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")] // typed with combining accents (NFD)
    [InlineData("Phó\u00A0Giám đốc", "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC")] // a no-break space
    [InlineData("Phóng viên", "PHÓNG VIÊN")] // "Phó" only as a word
    [InlineData("Phó", "PHÓ")]
    public void The_capacity_follows_the_title(string title, string expected) =>
        Assert.Equal(expected.Split('|'), new Signer("Lê Văn Thành", title).CapacityLines());

    [Fact]
    public void A_signer_is_kept_composed_as_the_document_prints_it()
    {
        var signer = Signer.From("  Le\u0302 Va\u0306n Tha\u0300nh ", "Pho\u0301 Gia\u0301m \u0111o\u0302\u0301c");

        Assert.NotNull(signer);
        Assert.Equal("Lê Văn Thành", signer.Name);
        Assert.Equal("Phó Giám đốc", signer.Title);
        Assert.Null(Signer.From(" ", "Giám đốc"));
        Assert.Null(Signer.From(new string('a', Signer.MaxLength + 1), "Giám đốc"));
        // 100 letters with their accents apart are 100 composed characters: accepted.
        Assert.NotNull(Signer.From(string.Concat(Enumerable.Repeat("o\u0302", Signer.MaxLength)), "Giám đốc"));
    }
}

public sealed class NoticeLogTests
{
    [Theory]
    [InlineData("Nguyễn Văn An", "N. V. A.")]
    [InlineData("066090001234", "06********34")]
    [InlineData("12 Lê Duẩn, Buôn Ma Thuột", "1. L. D. B. M. T.")]
    public void Names_and_numbers_keep_only_what_tells_two_apart(string value, string redacted) =>
        Assert.Equal(redacted, PersonalDataRedactor.Mask(value));
}
