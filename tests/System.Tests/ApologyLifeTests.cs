using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using Tthc.Tests;

namespace Tthc.System.Tests;

/// <summary>
/// A late dossier's apology from end to end, through the gateway: drafted by itself, completed by the officer, signed
/// by the leader, the dossier rescheduled in Cases, published (HTML, Atom), and the Word form — then the page in a browser.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed partial class ApologyLifeTests(TthcApp tthc)
{
    private const string Unit = "000.00.35.H15";
    private const string Applicant = "Trần Thị Bích";

    [Fact]
    public async Task An_overdue_dossier_gets_its_apology_signed_rescheduled_published_and_printed()
    {
        var province = await tthc.GatewayAsAsync("province");
        var imported = await province.PostAsJsonAsync("/api/cases/import", new
        {
            procedureCode = "1.004462", unitCode = Unit, channel = "counter",
            applicant = new { fullName = Applicant, idNumber = "066185000321", phone = "0905111222" },
            components = new[] { "don", "gpxd-cu" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(-60),
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var receipt = await imported.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;

        // Drafted by itself within seconds of the overdue event, with the form's facts from Cases.
        var officer = await tthc.GatewayAsAsync("officer", Unit);
        var draft = await Eventually.FoundAsync(async () =>
        {
            var page = await officer.GetFromJsonAsync<JsonElement>($"/api/apologies?caseCode={code}");
            return page.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("procedureName").ValueKind == JsonValueKind.String)
                .Select(i => (JsonElement?)i).FirstOrDefault();
        }, TimeSpan.FromSeconds(30));
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        var id = draft.GetProperty("id").GetGuid();

        // The officer gives the reason and the first acceptable working day a week or so ahead.
        string? newDate = null;
        for (var date = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(5); newDate is null; date = date.AddDays(1))
        {
            var put = await officer.PutAsJsonAsync($"/api/apologies/{id}", new
            {
                reason = "Hồ sơ phải xác minh lại hiện trạng công trình với Ủy ban nhân dân xã.", newAppointmentDate = date.ToString("yyyy-MM-dd"),
            });
            if (put.StatusCode == HttpStatusCode.OK)
            {
                newDate = date.ToString("yyyy-MM-dd");
            }
            else
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode); // a day off: try the next
            }
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync($"/api/apologies/{id}/sign", null)).StatusCode);
        var leader = await tthc.GatewayAsAsync("leader", Unit);
        var signed = await leader.PostAsync($"/api/apologies/{id}/sign", null);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var number = (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        Assert.Matches(NumberPattern(), number);

        // Cases moved the appointment, once; a second move is refused.
        var rescheduled = await Eventually.FoundAsync(async () =>
        {
            var dossier = await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}");
            return dossier.GetProperty("rescheduledTo").ValueKind == JsonValueKind.String ? (JsonElement?)dossier : null;
        }, TimeSpan.FromSeconds(30));
        Assert.StartsWith(newDate, rescheduled.GetProperty("rescheduledTo").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd"));
        // Moved by the issued letter, which the history names; an officer cannot move it again, nor at all by hand.
        Assert.Contains($"Phiếu xin lỗi số {number}", await officer.GetStringAsync($"/api/cases/{code}/history"));
        var byHand = await officer.PostAsJsonAsync($"/api/cases/{code}/reschedule", new { newAppointmentDate = newDate, apologyNumber = "999/PXL" });
        Assert.Equal(HttpStatusCode.Forbidden, byHand.StatusCode);

        // Published: the HTML page has the dossier and not the applicant; the Atom feed is Atom with the entry.
        var html = await tthc.Gateway().GetStringAsync($"/public/apologies?unit={Unit}");
        Assert.Contains(code, html);
        Assert.Contains(number, html);
        Assert.DoesNotContain(Applicant, html);
        var feed = XDocument.Parse(await tthc.Gateway().GetStringAsync($"/public/apologies/feed?unit={Unit}"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(atom + "feed", feed.Root!.Name);
        Assert.Contains(feed.Root.Elements(atom + "entry"), e => e.Element(atom + "title")!.Value.Contains(code));

        // The Word form, for the unit and for the citizen with the secret on their receipt (Apologies asks Cases).
        var staffDocx = await leader.GetByteArrayAsync($"/api/apologies/{id}/document.docx");
        var citizenDocx = await tthc.Gateway().GetByteArrayAsync($"/public/apologies/{code}/document.docx?secret={receipt.GetProperty("lookupSecret").GetString()}");
        foreach (var docx in new[] { staffDocx, citizenDocx })
        {
            var text = DocumentText(docx);
            Assert.Contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", text); // dated after Circular 03/2025
            Assert.Contains(code, text);
            Assert.Contains($"Số: {number}", text);
            // Signed by the leader the token names, in their capacity, and not by the form's instruction.
            Assert.Contains("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", text);
            Assert.Contains("Trần Thị Hồng Nhung", text);
            Assert.DoesNotContain("(Ký, ghi rõ họ tên", text);
        }

        await ThePublicPageRendersInABrowserAsync(code);
    }

    /// <summary>Headless Chromium from Debian (<c>/usr/bin/chromium</c>, installed by <c>.ci/run</c>); the screenshot is kept.</summary>
    private async Task ThePublicPageRendersInABrowserAsync(string code)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TTHC_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false });
        var response = await page.GotoAsync(new Uri(tthc.Gateway().BaseAddress!, $"/public/apologies?unit={Unit}").ToString());

        Assert.Equal(200, response!.Status);
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        Assert.True(await heading.IsVisibleAsync());
        Assert.Contains("Phiếu xin lỗi", await heading.InnerTextAsync());
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = code });
        Assert.Equal(1, await row.CountAsync());
        Assert.True(await row.IsVisibleAsync());

        var screenshots = Artifacts.Folder("screenshots");
        var file = Path.Combine(screenshots, "public-apologies.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 1000);
    }

    private static string DocumentText(byte[] docx)
    {
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        return string.Join("\n", document.MainDocumentPart!.Document!.Body!
            .Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    [GeneratedRegex(@"^\d+/PXL$")]
    private static partial Regex NumberPattern();
}
