using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Apologies.Domain;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

public sealed class ImportTests
{
    private static object Body(string code, string? number = "17/PXL") => new
    {
        caseCode = code, issuedAt = "2026-02-27T09:30:00+07:00", reason = "Chờ ý kiến thẩm định của Sở Tài chính.",
        newAppointmentDate = "2026-03-12", number,
    };

    [Fact]
    public async Task A_historical_apology_keeps_its_number_and_time_and_emits_its_events_then()
    {
        await using var factory = new ApologiesFactory();
        var code = factory.NewCase();

        var response = await factory.CreateClient().WithToken("province").PostAsJsonAsync("/api/apologies/import", Body(code));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("17/PXL", view.GetProperty("number").GetString());
        Assert.Equal("issued", view.GetProperty("status").GetString());
        var outbox = await factory.OutboxAsync(code);
        Assert.Equal(["vn.tthc.apology.issued.v1", "vn.tthc.apology.published.v1"], outbox.Select(m => m.Type));
        Assert.All(outbox, m => Assert.Contains("\"time\":\"2026-02-27T02:30:00+00:00\"", m.Envelope, StringComparison.Ordinal));
        await factory.EventuallyAsync(code, a => a.Reschedule == RescheduleState.Done);

        // The sequence goes on after the imported number.
        var next = await factory.AwaitingSignatureAsync();
        var signed = await (await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{next.Id}/sign", null))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("18/PXL", signed.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Importing_the_same_apology_again_changes_nothing_and_a_different_one_is_a_409()
    {
        await using var factory = new ApologiesFactory();
        var code = factory.NewCase();
        var client = factory.CreateClient().WithToken("province");
        await client.PostAsJsonAsync("/api/apologies/import", Body(code));

        var same = await client.PostAsJsonAsync("/api/apologies/import", Body(code));
        var other = await client.PostAsJsonAsync("/api/apologies/import", Body(code, "18/PXL"));

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(2, (await factory.OutboxAsync(code)).Count);
    }

    [Fact]
    public async Task Two_replicas_importing_the_same_letters_at_once_both_answer_success()
    {
        // Two instances of the service on one database, as two replicas are: a migration run twice at once.
        using var folder = new SharedDataFolder();
        await using var first = new ApologiesFactory { Settings = { ["TTHC_DATA_DIR"] = folder.Path } };
        await using var second = new ApologiesFactory { Settings = { ["TTHC_DATA_DIR"] = folder.Path } };
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();
        var one = first.CreateClient().WithToken("province");
        var other = second.CreateClient().WithToken("province");

        for (var i = 1; i <= 12; i++)
        {
            var code = first.NewCase();
            Assert.Equal(code, second.NewCase());
            var answers = await Task.WhenAll(
                one.PostAsJsonAsync("/api/apologies/import", Body(code, $"{i}/PXL")),
                other.PostAsJsonAsync("/api/apologies/import", Body(code, $"{i}/PXL")));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], answers.Select(a => a.StatusCode).Order());
            Assert.Equal(2, (await first.OutboxAsync(code)).Count);
        }
    }

    [Fact]
    public async Task An_import_replaces_the_open_draft()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        await factory.CreateClient().WithToken("province").PostAsJsonAsync("/api/apologies/import", Body(draft.CaseCode));

        var apology = await factory.FindAsync(draft.CaseCode);
        Assert.Equal(draft.Id, apology!.Id);
        Assert.Equal(ApologyStatus.Issued, apology.Status);
    }

    [Fact]
    public async Task Import_checks_its_input_and_the_dossier()
    {
        await using var factory = new ApologiesFactory();
        var client = factory.CreateClient().WithToken("province");

        var unknown = await client.PostAsJsonAsync("/api/apologies/import", Body("000.00.01.H15-200101-9999"));
        var bad = await client.PostAsJsonAsync("/api/apologies/import", new { caseCode = "x", newAppointmentDate = "12/03/2026", number = "abc" });
        var officer = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).PostAsJsonAsync("/api/apologies/import", Body("x"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["issuedAt", "newAppointmentDate", "number", "reason"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
    }
}

public sealed class PublicPageTests
{
    private static async Task<Apology> IssuedAsync(ApologiesFactory factory)
    {
        var apology = await factory.AwaitingSignatureAsync();
        (await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null)).EnsureSuccessStatusCode();
        return apology;
    }

    [Fact]
    public async Task The_page_is_vietnamese_html_with_the_dossier_and_initials_but_not_the_applicant()
    {
        await using var factory = new ApologiesFactory();
        var apology = await IssuedAsync(factory);
        await factory.DraftAsync(); // not issued: not public

        var response = await factory.CreateClient().GetAsync($"/public/apologies?unit={ApologiesFactory.Unit}");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"vi\">", html);
        Assert.Contains("<h1>Phiếu xin lỗi của Sở Xây dựng</h1>", html);
        Assert.Contains(apology.CaseCode, html);
        Assert.Contains("N.V.A.", html);
        Assert.Contains("01/PXL", html);
        Assert.DoesNotContain("Nguyễn Văn An", html);
        Assert.DoesNotContain("066090001234", html);
        Assert.DoesNotContain("0912345678", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<tr id="));
    }

    [Fact]
    public async Task Json_on_request_carries_no_personal_data()
    {
        await using var factory = new ApologiesFactory();
        var apology = await IssuedAsync(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var list = await client.GetFromJsonAsync<JsonElement>($"/public/apologies?unit={ApologiesFactory.Unit}");

        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(apology.CaseCode, only.GetProperty("caseCode").GetString());
        Assert.Equal("2026-03-10", only.GetProperty("newAppointmentDate").GetString());
        Assert.Equal("N.V.A.", only.GetProperty("applicantInitials").GetString());
        Assert.DoesNotContain("Nguyễn Văn An", only.GetRawText());

        // One dossier's letter (the portal's lookup), a page further on (empty here), and bad values: 400s, not 500s.
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/public/apologies?caseCode={apology.CaseCode}")).EnumerateArray());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/public/apologies?caseCode=000.00.15.H15-000000-0000")).EnumerateArray());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/public/apologies?skip=100")).EnumerateArray());
        foreach (var bad in new[] { "skip=-1", "skip=10001", "skip=abc", $"caseCode={new string('x', 41)}" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/public/apologies?{bad}")).StatusCode);
        }
    }

    [Fact]
    public async Task The_atom_feed_is_valid_atom_with_an_entry_per_apology()
    {
        await using var factory = new ApologiesFactory();
        var apology = await IssuedAsync(factory);

        var response = await factory.CreateClient().GetAsync($"/public/apologies/feed?unit={ApologiesFactory.Unit}");

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(atom + "feed", feed.Root!.Name);
        var root = feed.Root;
        Assert.Equal($"urn:tthc:apologies:{ApologiesFactory.Unit}", root.Element(atom + "id")!.Value);
        Assert.Equal("Phiếu xin lỗi của Sở Xây dựng", root.Element(atom + "title")!.Value);
        Assert.Equal("Bộ phận Một cửa", root.Element(atom + "author")!.Element(atom + "name")!.Value);
        var links = root.Elements(atom + "link").ToDictionary(l => l.Attribute("rel")!.Value, l => l.Attribute("href")!.Value);
        Assert.EndsWith($"/public/apologies/feed?unit={ApologiesFactory.Unit}", links["self"]);
        Assert.EndsWith($"/public/apologies?unit={ApologiesFactory.Unit}", links["alternate"]);

        // One entry, issued and published at the clock's moment, linking to its row on the public page.
        var entry = Assert.Single(root.Elements(atom + "entry"));
        Assert.Equal($"urn:uuid:{apology.Id}", entry.Element(atom + "id")!.Value);
        Assert.Equal($"Phiếu xin lỗi số 01/PXL — hồ sơ {apology.CaseCode}", entry.Element(atom + "title")!.Value);
        Assert.Equal(ApologiesFactory.Now, DateTimeOffset.Parse(entry.Element(atom + "updated")!.Value));
        Assert.Equal(ApologiesFactory.Now, DateTimeOffset.Parse(entry.Element(atom + "published")!.Value));
        Assert.Equal(ApologiesFactory.Now, DateTimeOffset.Parse(root.Element(atom + "updated")!.Value));
        Assert.EndsWith($"/public/apologies?unit={ApologiesFactory.Unit}#{Uri.EscapeDataString(apology.CaseCode)}",
            entry.Element(atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("Sở Xây dựng", entry.Element(atom + "author")!.Element(atom + "name")!.Value);
        Assert.Contains("hẹn lại ngày 10/03/2026", entry.Element(atom + "summary")!.Value);
        Assert.DoesNotContain("Nguyễn Văn An", feed.ToString());
    }

    [Fact]
    public async Task When_the_province_turns_publication_off_nothing_new_appears()
    {
        await using var factory = new ApologiesFactory();
        factory.Settings["Apologies:PublishOnIssue"] = "false";
        var apology = await IssuedAsync(factory);

        var html = await factory.CreateClient().GetStringAsync($"/public/apologies?unit={ApologiesFactory.Unit}");

        Assert.DoesNotContain(apology.CaseCode, html);
        Assert.DoesNotContain("vn.tthc.apology.published.v1", await factory.OutboxTypesAsync(apology.CaseCode));
    }

    [Fact]
    public async Task The_word_document_is_the_form_with_the_dossier_and_the_citizen_downloads_it_with_the_secret()
    {
        await using var factory = new ApologiesFactory();
        var apology = await IssuedAsync(factory);

        var staff = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).GetAsync($"/api/apologies/{apology.Id}/document.docx");
        var wrong = await factory.CreateClient().GetAsync($"/public/apologies/{apology.CaseCode}/document.docx?secret=0000");
        var none = await factory.CreateClient().GetAsync($"/public/apologies/{apology.CaseCode}/document.docx");
        var citizen = await factory.CreateClient().GetAsync($"/public/apologies/{apology.CaseCode}/document.docx?secret={FakeCases.SecretOf(apology.CaseCode)}");

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, citizen.StatusCode);
        var staffText = DocumentText(await staff.Content.ReadAsByteArrayAsync());
        Assert.Contains("066090001234", staffText);
        Assert.Contains("12 Lê Duẩn", staffText);
        var citizensCopy = await citizen.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(Artifacts.Folder("documents"), "apology-citizens-copy.docx"), citizensCopy);
        var text = DocumentText(citizensCopy);
        // The citizen's copy: name and dossier, never the ID number or the address.
        Assert.DoesNotContain("066090001234", text);
        Assert.DoesNotContain("Lê Duẩn", text);
        Assert.Contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", text); // dated 2 March 2026: Circular 03/2025
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        Assert.Contains("Số: 01/PXL", text);
        Assert.Contains(apology.CaseCode, text);
        Assert.Contains("Kính gửi: Ông/Bà Nguyễn Văn An", text);
        Assert.Contains("ngày 10 tháng 3 năm 2026", text);
        Assert.Contains("17 giờ 00 phút, ngày 03 tháng 3 năm 2026", text);
    }

    [Fact]
    public async Task A_dossier_locked_by_wrong_secrets_answers_429_with_retry_after()
    {
        await using var factory = new ApologiesFactory();
        var apology = await IssuedAsync(factory);
        factory.Cases.WrongSecrets[apology.CaseCode] = 10;

        var locked = await factory.CreateClient().GetAsync($"/public/apologies/{apology.CaseCode}/document.docx?secret={FakeCases.SecretOf(apology.CaseCode)}");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), locked.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void Letters_dated_before_Circular_03_2025_use_the_2018_form()
    {
        Assert.Equal("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", Documents.ApologyDocument.TitleFor(new DateOnly(2025, 9, 14)));
        Assert.Equal("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", Documents.ApologyDocument.TitleFor(new DateOnly(2025, 9, 15)));
    }

    internal static string DocumentText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return string.Join("\n", document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }
}
