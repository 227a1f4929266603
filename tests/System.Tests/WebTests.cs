using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Tthc.Tests;

namespace Tthc.System.Tests;

/// <summary>
/// The web app in Debian's Chromium, through the gateway as a browser reaches it: the counter, the leader, the
/// citizen on a phone, the provincial office — and every page at desktop and phone widths, checked by axe.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class WebTests(TthcApp tthc) : IAsyncLifetime
{
    private const string Unit = "000.00.35.H15";
    private const string Procedure = "1.004462";

    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private string Base => tthc.Gateway().BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TTHC_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task A_counter_officer_receives_a_dossier_and_prints_the_receipt_and_the_citizen_looks_it_up_on_a_phone()
    {
        var officer = await SignedInAsync("officer", Unit, "Lê Thị Mai", "Chuyên viên");
        await GoAsync(officer, $"/console/tiep-nhan?thu-tuc={Procedure}");

        // Refused (a name with no letter): the form comes back with what was chosen, not the first options (no script here).
        await officer.GetByLabel("Hình thức nộp").SelectOptionAsync("postal");
        await officer.GetByLabel("Là", new() { Exact = true }).SelectOptionAsync("organisation");
        await officer.GetByLabel("Họ và tên (tên tổ chức)").FillAsync("🙂");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận và in giấy hẹn" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".problem")).ToContainTextAsync("có chữ cái");
        Assert.Equal("postal", await officer.GetByLabel("Hình thức nộp").InputValueAsync());
        Assert.Equal("organisation", await officer.GetByLabel("Là", new() { Exact = true }).InputValueAsync());
        await officer.GetByLabel("Hình thức nộp").SelectOptionAsync("counter");
        await officer.GetByLabel("Là", new() { Exact = true }).SelectOptionAsync("person");

        await officer.GetByLabel("Họ và tên (tên tổ chức)").FillAsync("Nguyễn Văn An");
        await officer.GetByLabel("Điện thoại").FillAsync("0905123456");
        foreach (var box in await officer.Locator("input[name='Form.Components']").AllAsync())
        {
            await box.CheckAsync();
        }

        await officer.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận và in giấy hẹn" }).ClickAsync();
        var receipt = officer.Locator("article.receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
        await Assertions.Expect(receipt).ToContainTextAsync("Nguyễn Văn An");
        await Assertions.Expect(receipt).ToContainTextAsync("5,5 ngày làm việc");
        var code = (await receipt.Locator(".code").InnerTextAsync()).Trim();
        var secret = (await receipt.Locator(".secret").InnerTextAsync()).Trim();
        Assert.Matches(@"^000\.00\.35\.H15-\d{6}-\d{4}$", code);
        Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}$", secret);
        Assert.True(await receipt.Locator(".qr svg").IsVisibleAsync());
        await CheckAsync(officer, "console-receipt");

        // Printed: the print stylesheet leaves the form alone on the page.
        await officer.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await officer.Locator("header.site").IsVisibleAsync());
        await officer.ScreenshotAsync(new() { Path = Shot("console-receipt-print"), FullPage = true });
        await officer.PdfAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "console-receipt.pdf"), Format = "A4" });

        // The citizen, on a phone, with the code and secret printed on the receipt.
        var citizen = await NewPageAsync(Phone);
        await GoAsync(citizen, "/tra-cuu");
        await citizen.GetByLabel("Mã hồ sơ").FillAsync(code);
        await citizen.GetByLabel("Mã tra cứu").FillAsync(secret);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Heading, new() { Name = $"Hồ sơ {code}" })).ToBeVisibleAsync();
        await Assertions.Expect(citizen.GetByText("Vì sao là ngày này")).ToBeVisibleAsync();
        await Assertions.Expect(citizen.Locator("ol.timeline")).ToContainTextAsync("Tiếp nhận hồ sơ");
        Assert.DoesNotContain(secret, citizen.Url);
        await CheckAsync(citizen, "portal-lookup-result");

        // The receipt's QR code opens the same page, filled in.
        var scanned = await NewPageAsync(Phone);
        await scanned.GotoAsync($"{Base}/public/cases/{Uri.EscapeDataString(code)}?secret={Uri.EscapeDataString(secret)}");
        await Assertions.Expect(scanned.GetByRole(AriaRole.Heading, new() { Name = $"Hồ sơ {code}" })).ToBeVisibleAsync();

        // A wrong secret is a clear refusal, not an error page.
        var wrong = await NewPageAsync(Phone);
        await GoAsync(wrong, "/tra-cuu");
        await wrong.GetByLabel("Mã hồ sơ").FillAsync(code);
        await wrong.GetByLabel("Mã tra cứu").FillAsync("SAI00-SAI00");
        await wrong.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(wrong.GetByRole(AriaRole.Alert)).ToContainTextAsync("Không tìm thấy hồ sơ");

        // The officer records the result and hands it over, from the dossier's page.
        await GoAsync(officer, $"/console/ho-so/{code}");
        await officer.EmulateMediaAsync(new() { Media = Media.Screen });
        await officer.GetByRole(AriaRole.Button, new() { Name = "Đã có kết quả giải quyết" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".badge").First).ToContainTextAsync("Đã có kết quả");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Đã trả kết quả tại Một cửa" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".badge").First).ToContainTextAsync("Đã trả kết quả");
        await CheckAsync(officer, "console-case-returned");

        // The citizen, having typed the code and secret, rates the service on the same page.
        await citizen.ReloadAsync();
        await GoAsync(citizen, "/tra-cuu");
        await citizen.GetByLabel("Mã hồ sơ").FillAsync(code);
        await citizen.GetByLabel("Mã tra cứu").FillAsync(secret);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await citizen.GetByRole(AriaRole.Group, new() { Name = "4. Thời gian giải quyết" }).GetByLabel("Đạt", new() { Exact = true }).CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Cảm ơn anh/chị đã đánh giá");
        await CheckAsync(citizen, "portal-lookup-rated");
    }

    [Fact]
    public async Task An_overdue_dossier_gets_its_apology_drafted_signed_read_and_downloaded_by_the_citizen_and_published()
    {
        var (code, secret) = await ImportLateAsync();
        var officer = await tthc.GatewayAsAsync("officer", Unit);
        var id = await Eventually.FoundAsync(async () =>
        {
            var page = await officer.GetFromJsonAsync<JsonElement>($"/api/apologies?caseCode={code}");
            return page.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("procedureName").ValueKind == JsonValueKind.String)
                .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "the draft apology");

        // The officer finds it in the drafts queue and completes it.
        var page = await SignedInAsync("officer", Unit, "Lê Thị Mai", "Chuyên viên");
        await GoAsync(page, "/console/xin-loi?trang-thai=draft");
        await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await page.GetByLabel("Lý do trễ hẹn").FillAsync("Phải xác minh lại hiện trạng công trình với Ủy ban nhân dân xã.");
        Assert.EndsWith($"/console/xin-loi/{id}", page.Url);
        var options = await page.Locator("#ngay-moi option").AllAsync();
        var chosen = await options[Math.Min(5, options.Count - 1)].GetAttributeAsync("value") ?? "";
        await page.Locator("#ngay-moi").SelectOptionAsync(chosen);
        var newDate = DateOnly.ParseExact(chosen, "yyyy-MM-dd").ToString("dd/MM/yyyy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu và trình ký" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("chờ lãnh đạo ký");
        await CheckAsync(page, "console-apology-awaiting-signature");

        // The leader signs it.
        var leader = await SignedInAsync("leader", Unit, "Trần Thị Hồng Nhung", "Phó Giám đốc");
        await GoAsync(leader, "/console/xin-loi?trang-thai=awaiting-signature");
        await leader.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Ký và ban hành" }).ClickAsync();
        await Assertions.Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ký và ban hành");
        var word = await leader.RunAndWaitForDownloadAsync(() => leader.GetByRole(AriaRole.Link, new() { Name = "Tải thư (Word)" }).ClickAsync());
        Assert.EndsWith(".docx", word.SuggestedFilename);
        await CheckAsync(leader, "console-apology-issued");

        // Cases moves the appointment when it hears of the issued letter (an event, a moment later; longer on PostgreSQL's
        // replicas): the citizen looks the dossier up once it has, as they would on the day.
        await Eventually.FoundAsync(async () => (await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}"))
            .GetProperty("rescheduledTo").ValueKind == JsonValueKind.String ? true : (bool?)null, TimeSpan.FromSeconds(30), "the appointment moved");

        // The citizen reads it and downloads the letter.
        var citizen = await NewPageAsync(Phone);
        await GoAsync(citizen, "/tra-cuu");
        await citizen.GetByLabel("Mã hồ sơ").FillAsync(code);
        await citizen.GetByLabel("Mã tra cứu").FillAsync(secret);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        var letter = citizen.Locator("section.apology");
        await Assertions.Expect(letter).ToContainTextAsync("Thư xin lỗi số");
        await Assertions.Expect(letter).ToContainTextAsync("xác minh lại hiện trạng");
        await Assertions.Expect(letter).ToContainTextAsync(newDate);
        await Assertions.Expect(citizen.Locator("dl.facts").First).ToContainTextAsync($"17:00 ngày {newDate}");
        await CheckAsync(citizen, "portal-lookup-apology");
        var download = await citizen.RunAndWaitForDownloadAsync(() => citizen.GetByRole(AriaRole.Button, new() { Name = "Tải thư xin lỗi (Word)" }).ClickAsync());
        var file = Path.Combine(Artifacts.Folder("downloads"), "citizen-apology.docx");
        await download.SaveAsAsync(file);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(file)[..2]);

        // The public page lists it.
        var listing = await NewPageAsync(Desktop);
        await GoAsync(listing, $"/xin-loi?don-vi={Unit}");
        await Assertions.Expect(listing.GetByRole(AriaRole.Row).Filter(new() { HasText = code })).ToHaveCountAsync(1);
        await CheckAsync(listing, "portal-apologies-unit");
    }

    [Fact]
    public async Task The_province_opens_a_quarters_report_sees_its_chart_and_downloads_the_xlsx_and_the_compliance_list()
    {
        var today = DateTime.UtcNow.AddHours(7);
        var quarter = (today.Month - 1) / 3 + 1;
        var province = await SignedInAsync("province", null, "Phạm Văn Bình", "Chuyên viên KSTTHC");
        await GoAsync(province, $"/console/bao-cao?ky=quarter&nam={today.Year}&so={quarter}");
        await Assertions.Expect(province.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Báo cáo");
        await Assertions.Expect(province.Locator("figure.chart svg").First).ToBeVisibleAsync();
        await Assertions.Expect(province.Locator("table.report tr.total")).ToContainTextAsync("Tổng cộng");
        await CheckAsync(province, "console-report-quarter");
        var xlsx = await province.RunAndWaitForDownloadAsync(() => province.GetByRole(AriaRole.Link, new() { Name = "Tải XLSX" }).ClickAsync());
        var file = Path.Combine(Artifacts.Folder("downloads"), "report-quarter.xlsx");
        await xlsx.SaveAsAsync(file);
        Assert.EndsWith(".xlsx", xlsx.SuggestedFilename);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(file)[..2]);

        await province.GetByRole(AriaRole.Link, new() { Name = "Tuân thủ" }).ClickAsync();
        await Assertions.Expect(province.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("chưa xin lỗi");
        await CheckAsync(province, "console-compliance");
    }

    [Fact]
    public async Task A_form_that_lapsed_does_nothing_and_its_page_says_so_instead_of_an_error()
    {
        // The citizen's browser dropped its cookies (restarted) while the petition form was open: the form comes back.
        var citizen = await NewPageAsync(Phone);
        await GoAsync(citizen, "/phan-anh");
        await citizen.GetByLabel("Tiêu đề").FillAsync("Hồ sơ chậm");
        await citizen.GetByLabel("Nội dung").FillAsync("Tôi chưa nhận được kết quả.");
        await citizen.GetByLabel("Họ và tên").FillAsync("Võ Văn Tâm");
        await citizen.Context.ClearCookiesAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi phản ánh" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Alert)).ToContainTextAsync("hết hiệu lực nên chưa được thực hiện");
        await Assertions.Expect(citizen.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was done");
        Assert.EndsWith("/phan-anh?het-han=1", citizen.Url);
        Assert.Equal(0, await citizen.GetByText("Đã gửi phản ánh").CountAsync());
        await CheckAsync(citizen, "portal-petition-lapsed");

        // Sent again from the page it came back to: sent, and the notice is gone.
        await citizen.GetByLabel("Về", new() { Exact = true }).SelectOptionAsync("procedure");
        await citizen.GetByLabel("Đơn vị (nếu không về một hồ sơ)").SelectOptionAsync(Unit);
        await citizen.GetByLabel("Điện thoại").FillAsync("0905123456");
        await citizen.GetByLabel("Tiêu đề").FillAsync("Hồ sơ chậm");
        await citizen.GetByLabel("Nội dung").FillAsync("Tôi chưa nhận được kết quả.");
        await citizen.GetByLabel("Họ và tên").FillAsync("Võ Văn Tâm");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi phản ánh" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Heading, new() { Name = "Đã gửi phản ánh" })).ToBeVisibleAsync();
        Assert.Equal(0, await citizen.GetByText("hết hiệu lực").CountAsync());

        // The officer has the dossier open in two tabs and records its result in one; the other's button is stale.
        var (code, _) = await ImportLateAsync();
        var first = await SignedInAsync("officer", Unit, "Lê Thị Mai", "Chuyên viên");
        var second = await first.Context.NewPageAsync();
        await GoAsync(first, $"/console/ho-so/{code}");
        await GoAsync(second, $"/console/ho-so/{code}");
        await first.GetByRole(AriaRole.Button, new() { Name = "Đã có kết quả giải quyết" }).ClickAsync();
        await Assertions.Expect(first.Locator(".badge").First).ToContainTextAsync("Đã có kết quả");
        await second.GetByRole(AriaRole.Button, new() { Name = "Đã có kết quả giải quyết" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("hết hiệu lực");
        await Assertions.Expect(second.Locator(".badge").First).ToContainTextAsync("Đã có kết quả");
        Assert.EndsWith($"/console/ho-so/{code}?het-han=1", second.Url);

        // A form posted to an endpoint that is not a page goes back to the page it is on.
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Base) };
        using var download = await noRedirects.PostAsync("/tra-cuu/phieu-xin-loi", new FormUrlEncodedContent([new("code", code), new("secret", "x")]));
        Assert.Equal(HttpStatusCode.SeeOther, download.StatusCode);
        Assert.Equal("/tra-cuu?het-han=1", download.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_citizen_who_looks_up_too_often_is_asked_to_wait_and_the_next_citizen_is_not()
    {
        // The portal calls the gateway with its own token and names the citizen (their address, as the gateway forwarded
        // it): the gateway's limit of public calls counts per citizen. Sent to the web app itself, as the gateway would,
        // with the address in X-Forwarded-For; the lookups come from the receipt's QR link.
        using var web = new HttpClient { BaseAddress = tthc.WebDirect };
        async Task<string> LookUpAsync(string citizen)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu?ma=H15.99-261201-9999&secret=AAAAA-AAAAA");
            request.Headers.Add("X-Forwarded-For", citizen);
            using var page = await web.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            return WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        }

        Assert.Contains("Không tìm thấy", await LookUpAsync("203.0.113.70"));
        var tries = 1;
        while (!(await LookUpAsync("203.0.113.70")).Contains("Quá nhiều yêu cầu"))
        {
            // 120 public calls a minute per address; a window may turn over once while the loop runs.
            Assert.True(++tries <= 250, "the citizen was never asked to wait");
        }

        Assert.True(tries >= 100, $"asked to wait after {tries} lookups, before the limit");
        var next = await LookUpAsync("203.0.113.71");
        Assert.Contains("Không tìm thấy", next);
        Assert.DoesNotContain("Quá nhiều yêu cầu", next);
    }

    [Fact]
    public async Task Every_page_renders_at_desktop_and_phone_widths_without_serious_accessibility_violations()
    {
        var (code, _) = await ImportLateAsync();
        var province = await tthc.GatewayAsAsync("province");
        var apology = await Eventually.FoundAsync(async () =>
        {
            var page = await province.GetFromJsonAsync<JsonElement>($"/api/apologies?caseCode={code}");
            return page.GetProperty("items").EnumerateArray().Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "the draft apology");

        string[] portal = ["/", "/tra-cuu", "/nop-truc-tuyen", $"/nop-truc-tuyen/{Procedure}", "/xin-loi", "/danh-gia", "/phan-anh", "/dang-nhap", "/khong-co-quyen"];
        string[] console =
        [
            "/console", "/console/tiep-nhan", "/console/ho-so", $"/console/ho-so/{code}", "/console/xin-loi", $"/console/xin-loi/{apology}",
            "/console/phan-anh", "/console/bao-cao", "/console/tuan-thu", "/console/chi-so", "/console/danh-muc", "/console/lich",
        ];
        // The checker itself finds what it is for: an image without words and a button without a name.
        var sample = await NewPageAsync(Desktop);
        await sample.SetContentAsync("<html lang=\"vi\"><head><title>Mẫu</title></head><body><main><h1>Mẫu</h1><img src=\"x.png\"><button></button></main></body></html>");
        Assert.Equal(["button-name", "image-alt"], (await SeriousViolationsAsync(sample)).Select(v => v.Split(' ')[0]).Order());

        foreach (var (size, width) in new[] { (Desktop, "desktop"), (Phone, "phone") })
        {
            var anonymous = await NewPageAsync(size);
            foreach (var path in portal)
            {
                await GoAsync(anonymous, path);
                await CheckAsync(anonymous, $"portal{Name(path)}-{width}");
                Assert.Equal(0, await anonymous.Locator(".problem").CountAsync());
            }

            var staff = await SignedInAsync("province", null, "Phạm Văn Bình", "Chuyên viên KSTTHC", size);
            foreach (var path in console)
            {
                await GoAsync(staff, path);
                await CheckAsync(staff, $"console{Name(path).Replace(code, "case").Replace(apology.ToString(), "apology")}-{width}");
                Assert.Equal(0, await staff.Locator(".problem").CountAsync());
            }
        }

        // Query values that do not parse are ignored (the page shows its default), never a server error.
        var province2 = await SignedInAsync("province", null, "Phạm Văn Bình", "Chuyên viên KSTTHC");
        foreach (var path in new[] { "/console/bao-cao?nam=abc&so=x&ky=zzz", "/console/tuan-thu?nam=99999999999", "/console/ho-so?qua-han=xyz",
            "/console/lich?nam=-1", "/console/xin-loi?trang-thai=zzz" })
        {
            await GoAsync(province2, path);
            await Assertions.Expect(province2.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        }

        var visitor = await NewPageAsync(Phone);
        foreach (var path in new[] { "/xin-loi?trang=abc", "/xin-loi?trang=", "/danh-gia?nam=abc&so=99", "/tra-cuu?ma=%00&secret=x", "/nop-truc-tuyen/khong-co", "/console/xin-loi?trang-thai=%00" })
        {
            var response = await visitor.GotoAsync(Base + path);
            Assert.True(response!.Status < 500, $"{path}: {response.Status}");
            Assert.DoesNotContain("json", await response.HeaderValueAsync("content-type") ?? "");
        }

        // Refused by the web app itself (not the gateway): its own page, in words, with the status.
        var refused = await visitor.GotoAsync(tthc.WebDirect.ToString().TrimEnd('/') + "/tra-cuu?ma=%00");
        Assert.Equal(400, refused!.Status);
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Yêu cầu không hợp lệ");
        await visitor.GotoAsync(Base + "/khong-co-quyen");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Không có quyền truy cập");

        // Signed out, the console sends the person to sign in; a page that does not exist is a page, not an error.
        var stranger = await NewPageAsync(Desktop);
        await GoAsync(stranger, "/console/ho-so");
        Assert.Contains("/dang-nhap", stranger.Url);
        var missing = await stranger.GotoAsync($"{Base}/khong-co-trang-nay");
        Assert.Equal(404, missing!.Status);
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Không tìm thấy trang");

        // Whatever the method: a script's PUT or DELETE to an address that does not exist is its 404, not a 405.
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            using var request = new HttpRequestMessage(method, "/khong-co-trang-nay") { Content = new StringContent("x") };
            request.Headers.Accept.ParseAdd("text/html");
            using var answer = await tthc.Gateway().SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("Không tìm thấy trang", WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }

        // An error page asked for by its address answers the status it names, not a 200 a link checker would keep.
        foreach (var (path, status) in new[] { ("/loi/404", 404), ("/loi/500", 500), ("/loi/400", 400), ("/loi", 404), ("/loi/200", 404), ("/loi/99999", 404) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            using var answer = await tthc.Gateway().SendAsync(request);
            Assert.True((int)answer.StatusCode == status, $"{path}: {(int)answer.StatusCode}");
            Assert.Contains("<h1>", await answer.Content.ReadAsStringAsync());
        }
    }

    private static string Name(string path) => path == "/" ? "-home" : path.Replace("/console", "").Replace('/', '-').Replace("?", "-").Replace("=", "-") is { Length: > 0 } n ? n : "-board";

    /// <summary>A dossier received 60 days ago through the import: late, its apology drafted by itself.</summary>
    private async Task<(string Code, string Secret)> ImportLateAsync()
    {
        var province = await tthc.GatewayAsAsync("province");
        var imported = await province.PostAsJsonAsync("/api/cases/import", new
        {
            procedureCode = Procedure, unitCode = Unit, channel = "counter",
            applicant = new { fullName = "Đặng Thị Hoa", idNumber = "066185000999", phone = "0905999888" },
            components = new[] { "don", "gpxd-cu" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(-60),
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var body = await imported.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("code").GetString()!, body.GetProperty("lookupSecret").GetString()!);
    }

    private async Task<IPage> NewPageAsync(ViewportSize size)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = size, Locale = "vi-VN", AcceptDownloads = true });
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInAsync(string role, string? unit, string name, string title, ViewportSize? size = null)
    {
        var page = await NewPageAsync(size ?? Desktop);
        await GoAsync(page, "/dang-nhap?returnUrl=/console");
        await page.GetByLabel("Vai trò").SelectOptionAsync(role);
        await page.GetByLabel("Đơn vị").SelectOptionAsync(unit ?? "");
        await page.GetByLabel("Họ và tên").FillAsync(name);
        await page.GetByLabel("Chức vụ").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/console", StringComparison.Ordinal));
        return page;
    }

    private async Task GoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(Base + path);
        Assert.True(response is { Status: < 400 }, $"{path}: {response?.Status}");
    }

    private static string Shot(string name) => Path.Combine(Artifacts.Folder("screenshots/web"), name + ".png");

    /// <summary>The page in Vietnamese, with a heading, without serious or critical axe violations; its screenshot kept.</summary>
    /// <summary>
    /// A page's language, its heading, and — on SQLite — axe's audit and the screenshot. On PostgreSQL (CI's second run of
    /// these tests) the page must still render, but its markup is the same whatever the database: the audit and the
    /// screenshots, ≈ 30 s of that run, are the first run's.
    /// </summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).CountAsync() >= 1, $"{name}: no h1");
        if (TthcApp.Provider != "sqlite")
        {
            return;
        }

        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"{name} ({page.Url}):\n{string.Join("\n", serious)}");
        await page.ScreenshotAsync(new() { Path = Shot(name), FullPage = true });
    }

    private static readonly string AxeScript = new BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// axe's serious and critical violations on the page, asked of axe-core itself: the Playwright wrapper's run opened
    /// a page of its own for every check and brought back every rule that passed, ≈ 2–3.5 s a page against ≈ 0.3 s here
    /// (42 checks a run, in CI's SQLite run). Evaluated through the browser's protocol, as the wrapper does, so the pages'
    /// Content-Security-Policy (scripts from the site only) does not stop it.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.EvaluateAsync("() => " + AxeScript);
        return await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.html).join(' | ')}`)
            """);
    }
}
