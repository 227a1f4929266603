using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Playwright;
using Tthc.Tests;

namespace Tthc.System.Tests;

/// <summary>
/// Feedback through the gateway: a returned dossier rated with its receipt's secret, seen in the unit's satisfaction
/// report; a petition entered from a letter received weeks ago, classified, more information asked for (the clock
/// paused), answered late and published — named in the compliance list, its answer on the public page, in a browser.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class FeedbackTests(TthcApp tthc)
{
    private const string Commune = "000.31.01.H15";
    private const string District = "000.00.36.H15";

    [Fact]
    public async Task A_returned_dossier_is_rated_with_its_secret_and_the_unit_report_shows_the_score()
    {
        var officer = await tthc.GatewayAsAsync("officer", Commune);
        var (code, secret) = await ReceiveAsync(officer);
        var citizen = tthc.Gateway();
        var rating = new { criteria = new[] { 2, 2, 2, 2, 2, 1, 2, 2, 1 }, verdict = "satisfied" };

        // Before the result is returned: not yet. An officer cannot rate; a wrong secret is a 404; a bad body a 422.
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync($"/public/cases/{code}/rating?secret={secret}", rating)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/cases/{code}/decide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/cases/{code}/return", new { channel = "counter" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync($"/public/cases/{code}/rating?secret={secret}", rating)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/public/cases/{code}/rating?secret=AAAAA-AAAAA", rating)).StatusCode);
        var invalid = await citizen.PostAsJsonAsync($"/public/cases/{code}/rating?secret={secret}", new { criteria = new[] { 3, 2 }, verdict = "happy" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("criteria", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("verdict", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsync($"/public/cases/{code}/rating?secret={secret}",
            new StringContent("{\"criteria\": [2,", global::System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        // Rated: 201; changed on the kiosk at the counter: 200, the same rating replaced.
        var first = await citizen.PostAsJsonAsync($"/public/cases/{code}/rating?secret={secret}", new { criteria = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, verdict = "dissatisfied" });
        Assert.True(first.StatusCode == HttpStatusCode.Created, $"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        var changed = await citizen.PostAsJsonAsync($"/public/cases/{code}/rating?secret={secret}", new { rating.criteria, rating.verdict, channel = "kiosk" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((16, 2, "kiosk"), (view.GetProperty("total").GetInt32(), view.GetProperty("revision").GetInt32(), view.GetProperty("channel").GetString()));

        // Reporting counts the latest rating at the commune (the deciding unit): 16 of 18, "xuất sắc".
        var province = await tthc.GatewayAsAsync("province");
        var row = await Eventually.FoundAsync(async () =>
        {
            var report = await province.GetFromJsonAsync<JsonElement>($"/api/reports/satisfaction?period=ytd&unit={Commune}");
            return report.GetProperty("units").EnumerateArray().FirstOrDefault(u => u.GetProperty("unitCode").GetString() == Commune
                && u.GetProperty("total").GetDouble() == 16) is { ValueKind: JsonValueKind.Object } found ? found : (JsonElement?)null;
        });
        Assert.Equal(1, row.GetProperty("ratings").GetInt64());
        Assert.Equal("xuat-sac", row.GetProperty("grade").GetString());
        Assert.Equal([2.0, 2, 2, 2, 2, 1, 2, 2, 1], row.GetProperty("criteria").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(1.0, row.GetProperty("satisfiedShare").GetDouble());

        await ThePageRendersAsync($"/public/satisfaction?unit={Commune}", "satisfaction", "Mức độ hài lòng", "Xuất sắc");
    }

    [Fact]
    public async Task A_petition_is_classified_paused_answered_late_published_and_named()
    {
        var officer = await tthc.GatewayAsAsync("officer", District);
        var citizen = tthc.Gateway();

        // Online, anonymous with a contact: a code, a secret, a deadline. Without a contact: 422.
        var sent = await citizen.PostAsJsonAsync("/public/feedback", new
        {
            kind = "procedure", unitCode = District, title = "Niêm yết thủ tục chưa đầy đủ",
            content = "Bảng niêm yết tại bộ phận một cửa thiếu mức phí.", sender = new { email = "nguoidan@example.vn" },
        });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var online = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"^PA-\d{6}-\d{4}$", online.GetProperty("code").GetString());
        Assert.True(online.GetProperty("dueAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(14));
        var noContact = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "regulation", unitCode = District, title = "x", content = "y", sender = new { fullName = "Ẩn danh" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noContact.StatusCode);

        // A letter that arrived 40 days ago, entered by the officer: its deadlines count from then.
        var entered = await officer.PostAsJsonAsync("/api/feedback", new
        {
            kind = "procedure", title = "Hồ sơ đất đai giải quyết chậm", content = "Đề nghị cho biết lý do hồ sơ cấp giấy chứng nhận bị chậm.",
            sender = new { fullName = "Lê Thị Hoa", phone = "0912345678" }, channel = "letter", receivedAt = DateTimeOffset.UtcNow.AddDays(-40),
        });
        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        var receipt = await entered.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString()!;
        Assert.Equal(District, receipt.GetProperty("unitCode").GetString());

        // The queue shows it overdue; a step out of order is a 409.
        var queue = await officer.GetFromJsonAsync<JsonElement>("/api/feedback?overdue=true");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code && i.GetProperty("stage").GetString() == "classify");
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/feedback/{code}/answer", new { answer = "Trả lời" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "refuse" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await tthc.GatewayAsAsync("officer", Commune)).PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "accept" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "accept" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/request-info", new { questions = "Đề nghị cung cấp mã hồ sơ và ngày nộp." })).StatusCode);

        // The sender sees the question; the clock is paused (no running deadline).
        var followed = await citizen.GetFromJsonAsync<JsonElement>($"/public/feedback/{code}?secret={secret}");
        Assert.Equal(("awaiting-info", "Đề nghị cung cấp mã hồ sơ và ngày nộp."), (followed.GetProperty("status").GetString(), followed.GetProperty("questions").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync($"/public/feedback/{code}?secret=AAAAA-AAAAA")).StatusCode);
        var paused = await officer.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("stage").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/feedback/{code}/info-received", null)).StatusCode);
        var answered = await officer.PostAsJsonAsync($"/api/feedback/{code}/answer", new
        {
            answer = "Hồ sơ phải xác minh nguồn gốc đất với Ủy ban nhân dân xã; kết quả sẽ trả trong tuần này.",
        });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True((await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answeredLate").GetBoolean());
        var published = await officer.PostAsync($"/api/feedback/{code}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var history = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Equal(["received", "accepted", "info-requested", "info-received", "answered", "published"], history.Where(a => a != "overdue"));

        // Published: the answer, without the sender (JSON, Atom); the compliance list names the district with the code.
        var json = new HttpRequestMessage(HttpMethod.Get, $"/public/feedback?unit={District}");
        json.Headers.Accept.ParseAdd("application/json");
        var list = await (await citizen.SendAsync(json)).Content.ReadAsStringAsync();
        Assert.Contains(code, list);
        Assert.DoesNotContain("Lê Thị Hoa", list);
        Assert.DoesNotContain("0912345678", list);
        var feed = XDocument.Parse(await citizen.GetStringAsync($"/public/feedback/feed?unit={District}"));
        Assert.Contains(feed.Descendants(XName.Get("title", "http://www.w3.org/2005/Atom")), t => t.Value.StartsWith(code, StringComparison.Ordinal));

        var province = await tthc.GatewayAsAsync("province");
        var named = await Eventually.FoundAsync(async () =>
        {
            var compliance = await province.GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=ytd");
            return compliance.GetProperty("petitions").EnumerateArray().FirstOrDefault(p => p.GetProperty("unitCode").GetString() == District
                && p.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == code)) is { ValueKind: JsonValueKind.Object } row ? row : (JsonElement?)null;
        });
        Assert.True(named.GetProperty("answeredLate").GetInt64() >= 1);

        await ThePageRendersAsync($"/public/feedback?unit={District}", "feedback", "phản ánh, kiến nghị", "xác minh nguồn gốc đất");
    }

    private static async Task<(string Code, string Secret)> ReceiveAsync(HttpClient officer)
    {
        var received = await officer.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "2.000815", unitCode = Commune, channel = "counter",
            applicant = new { fullName = "Phạm Văn Bình", phone = "0935111222" },
            components = new[] { "ban-chinh", "ban-sao" },
        });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var receipt = await received.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("code").GetString()!, receipt.GetProperty("lookupSecret").GetString()!);
    }

    /// <summary>The public page in headless Chromium at a phone's width, without JavaScript; the screenshot is kept.</summary>
    private async Task ThePageRendersAsync(string path, string name, string heading, string text)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TTHC_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
        foreach (var (width, suffix) in new[] { (1280, "desktop"), (360, "phone") })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false, ViewportSize = new() { Width = width, Height = 800 } });
            var response = await page.GotoAsync(new Uri(tthc.Gateway().BaseAddress!, path).ToString());
            Assert.Equal(200, response!.Status);
            Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
            Assert.Contains(heading, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(text, await page.InnerTextAsync("main"));
            var file = Path.Combine(Artifacts.Folder("screenshots"), $"public-{name}-{suffix}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Assert.True(new FileInfo(file).Length > 1000);
        }
    }
}
