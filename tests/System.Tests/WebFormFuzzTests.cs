using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tthc.System.Tests;

/// <summary>
/// Every form the web app shows — the portal's to anyone, to a citizen and after a lookup (the apology letter's download,
/// the rating of a returned dossier), the console's to a unit's leader and to the province — posted back with each
/// field in turn emptied, huge, a NUL, an impossible number or date, markup, invalid UTF-8, missing or twice, without
/// its antiforgery token, with an unknown handler, and as bodies that are not forms at all: nothing may answer 5xx. <see cref="FuzzTests"/> does the same for the services' APIs; a page's form is what a
/// careless browser or a script sends the web app. Sent to the web app itself (the gateway's rate limits would turn most
/// of it into 429s before it arrived), on the rough tests' app: the posts change what they are allowed to change.
/// </summary>
[Collection(RoughAppCollection.Name)]
public sealed partial class WebFormFuzzTests(TthcApp tthc)
{
    private const string Unit = "000.00.31.H15";
    private const string Procedure = "1.009994";

    /// <summary>Stands for bytes that are not UTF-8 (percent-encoded, as a browser would send them).</summary>
    private const string InvalidUtf8 = "\uFFFF";

    private static readonly string[] Values =
        ["", new string('a', 20_000), "\0", "99999999999999999999", "-1", "2026-02-30", "<script>alert(1)</script>", InvalidUtf8, " "];

    [Fact]
    public async Task No_form_a_browser_or_a_script_can_post_gets_a_5xx()
    {
        // Two late dossiers, imported together so that one pass of the deadline watch drafts both apologies: one for the
        // console's forms, one whose apology the leader signs for the letter's download after a lookup.
        var (code, _) = await ImportLateAsync("Lê Thị Thu", "066185000777");
        var apologised = await ImportLateAsync("Trần Văn Lộc", "066185000888");
        var apology = await DraftAsync(code);
        var visits = new (string? Role, string? Unit, string[] Paths)[]
        {
            (null, null, ["/tra-cuu", "/phan-anh", "/dang-nhap"]),
            ("citizen", null, [$"/nop-truc-tuyen/{Procedure}", "/danh-gia", "/phan-anh"]),
            ("leader", Unit, ["/console/tiep-nhan", $"/console/ho-so/{code}", $"/console/xin-loi/{apology}", "/console/phan-anh"]),
            ("province", null, ["/console/lich", "/console/danh-muc"]),
        };

        var failures = new List<string>();
        var posts = 0;
        var forms = new List<string>();
        async Task MangleAsync(HttpClient browser, string who, string path, string? action, List<(string Name, string Value)> fields)
        {
            forms.Add($"{who} {path} → {action ?? path}");
            foreach (var (body, mediaType, what) in Mutations(fields))
            {
                posts++;
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
                using var answer = await browser.PostAsync(action ?? path, content);
                if ((int)answer.StatusCode >= 500)
                {
                    failures.Add($"{who} {path} → POST {action ?? path} {what}: {(int)answer.StatusCode}");
                }
            }
        }

        foreach (var (role, unit, paths) in visits)
        {
            using var browser = Browser();
            if (role is not null)
            {
                await SignInAsync(browser, role, unit);
            }

            foreach (var path in paths)
            {
                var page = await browser.GetAsync(path);
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{role ?? "anonymous"} {path}: {(int)page.StatusCode}");
                foreach (var (action, fields) in PostForms(await page.Content.ReadAsStringAsync()))
                {
                    await MangleAsync(browser, role ?? "anonymous", path, action, fields);
                }
            }
        }

        // The forms a lookup shows a citizen after it: the issued apology's letter to download, the rating of a returned
        // dossier — each dossier looked up with its code and secret, then its page's forms posted back mangled.
        foreach (var (looked, secret, form) in new[] { await SignedAsync(apologised), await ReturnedDossierAsync() })
        {
            using var browser = Browser();
            var shown = await Eventually.FoundAsync(async () =>
            {
                var page = await LookUpAsync(browser, looked, secret);
                return PostForms(page).Any(f => f.Fields.Any(x => x.Name == form)) ? page : null;
            }, TimeSpan.FromSeconds(60), $"the lookup's form with {form}");
            foreach (var (action, fields) in PostForms(shown).Where(f => f.Fields.All(x => x.Name != "Form.Code")))
            {
                await MangleAsync(browser, "citizen after a lookup", "/tra-cuu", action, fields);
            }
        }

        Assert.True(forms.Count >= 16, $"only {forms.Count} forms were found: the pages were not read\n{string.Join("\n", forms)}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {posts} posts to {forms.Count} forms answered 5xx:\n{string.Join("\n", failures.Take(30))}");
    }

    private int _browsers;

    /// <summary>
    /// A browser of its own address (as the gateway would forward it): the gateway counts the portal's public calls per
    /// citizen, and one address for every visit would spend the minute's budget before the later forms were reached.
    /// </summary>
    private HttpClient Browser()
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = tthc.WebDirect,
        };
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{++_browsers}");
        return browser;
    }

    /// <summary>Signs in through the development sign-in form, as a person would.</summary>
    private static async Task SignInAsync(HttpClient browser, string role, string? unit)
    {
        var page = await (await browser.GetAsync("/dang-nhap")).Content.ReadAsStringAsync();
        var (action, fields) = PostForms(page).Single(f => f.Fields.Any(x => x is ("_handler", "dev-sign-in")));
        var answers = new Dictionary<string, string> { ["Form.Role"] = role, ["Form.Unit"] = unit ?? "", ["Form.Name"] = "Phạm Văn Bình", ["Form.Title"] = "Trưởng phòng" };
        var body = Encode(fields.Select(f => (f.Name, answers.GetValueOrDefault(f.Name, f.Value))).ToList());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        var signedIn = await browser.PostAsync(action ?? "/dang-nhap", content);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    /// <summary>The page's forms that post (its action, its fields with their values), but signing out, which would end the visit.</summary>
    private static IEnumerable<(string? Action, List<(string Name, string Value)> Fields)> PostForms(string html)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var attributes = form.Groups[1].Value;
            if (!attributes.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var action = ActionPattern().Match(attributes) is { Success: true } a ? WebUtility.HtmlDecode(a.Groups[1].Value) : null;
            if (action == "/dang-xuat")
            {
                continue;
            }

            // A radio button or a box sends its value only when checked, as a browser does.
            var fields = FieldPattern().Matches(form.Groups[2].Value)
                .Where(f => !UncheckedPattern().IsMatch(f.Value) || f.Value.Contains(" checked", StringComparison.Ordinal))
                .Select(f => (Name: NamePattern().Match(f.Value), Value: ValuePattern().Match(f.Value)))
                .Where(f => f.Name.Success)
                .Select(f => (WebUtility.HtmlDecode(f.Name.Groups[1].Value), f.Value.Success ? WebUtility.HtmlDecode(f.Value.Groups[1].Value) : "x"))
                .ToList();
            yield return (action, fields);
        }
    }

    private static IEnumerable<(byte[] Body, string MediaType, string What)> Mutations(List<(string Name, string Value)> fields)
    {
        const string form = "application/x-www-form-urlencoded";
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Name;
            if (name == "__RequestVerificationToken")
            {
                continue;
            }

            foreach (var value in Values)
            {
                var changed = fields.ToList();
                changed[i] = (name, value);
                yield return (Encode(changed), form, $"{name}={Shown(value)}");
            }

            yield return (Encode([.. fields.Where((_, j) => j != i)]), form, $"without {name}");
            yield return (Encode([.. fields, (name, "hai lần")]), form, $"{name} twice");
        }

        yield return (Encode([.. fields.Where(f => f.Name != "__RequestVerificationToken")]), form, "without the antiforgery token");
        yield return (Encode([.. fields.Select(f => f.Name == "_handler" ? (f.Name, "khong-co") : f)]), form, "an unknown handler");
        yield return ([0xFF, 0xFE, 0x00, (byte)'='], form, "bytes that are no form");
        yield return ("a=%ZZ&&=&b"u8.ToArray(), form, "broken escapes");
        yield return ("--x\r\nContent-Disposition: form-data\r\n"u8.ToArray(), "multipart/form-data; boundary=x", "a multipart body cut short");
        yield return ("{\"Form.Code\":1}"u8.ToArray(), "application/json", "JSON");
    }

    private static string Shown(string value) => value == InvalidUtf8 ? "(invalid UTF-8)" : value.Length > 20 ? $"({value.Length} characters)" : value.Replace("\0", "\\0");

    private static byte[] Encode(List<(string Name, string Value)> fields) => Encoding.ASCII.GetBytes(string.Join("&", fields.Select(f =>
        Uri.EscapeDataString(f.Name) + "=" + (f.Value == InvalidUtf8 ? "%C3%28%FF" : Uri.EscapeDataString(f.Value)))));

    /// <summary>Looks a dossier up on the portal's form, as a citizen with the receipt would: the page that answers.</summary>
    private static async Task<string> LookUpAsync(HttpClient browser, string code, string secret)
    {
        var (action, fields) = PostForms(await browser.GetStringAsync("/tra-cuu")).Single(f => f.Fields.Any(x => x.Name == "Form.Code"));
        var answers = new Dictionary<string, string> { ["Form.Code"] = code, ["Form.Secret"] = secret };
        using var content = new ByteArrayContent(Encode(fields.Select(f => (f.Name, answers.GetValueOrDefault(f.Name, f.Value))).ToList()));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var answer = await browser.PostAsync(action ?? "/tra-cuu", content);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    /// <summary>Signs the late dossier's apology, as its unit would: its lookup then shows the letter's download.</summary>
    private async Task<(string Code, string Secret, string Form)> SignedAsync((string Code, string Secret) dossier)
    {
        var draft = await DraftAsync(dossier.Code);

        // A reason and the first working day a week or so ahead that the calendar takes, then the leader's signature.
        var officer = await tthc.GatewayAsAsync("officer", Unit);
        var first = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(5);
        for (var date = first; ; date = date.AddDays(1))
        {
            Assert.True(date < first.AddDays(60), "no new appointment date in two months was accepted");
            var put = await officer.PutAsJsonAsync($"/api/apologies/{draft}", new { reason = "Phải xác minh lại hiện trạng.", newAppointmentDate = date.ToString("yyyy-MM-dd") });
            if (put.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        }

        var leader = await tthc.GatewayAsAsync("leader", Unit);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/apologies/{draft}/sign", null)).StatusCode);
        return (dossier.Code, dossier.Secret, "secret");
    }

    /// <summary>A dossier received, decided and returned today: its lookup shows the rating form.</summary>
    private async Task<(string Code, string Secret, string Form)> ReturnedDossierAsync()
    {
        var officer = await tthc.GatewayAsAsync("officer", Unit);
        var received = await officer.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = Procedure, unitCode = Unit, channel = "counter",
            applicant = new { fullName = "Võ Thị Mai", phone = "0935222333" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var receipt = await received.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/cases/{code}/decide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/cases/{code}/return", new { channel = "counter" })).StatusCode);
        return (code, receipt.GetProperty("lookupSecret").GetString()!, "Rating.Verdict");
    }

    /// <summary>A dossier received 60 days ago through the import: late, its apology drafted by itself soon after.</summary>
    private async Task<(string Code, string Secret)> ImportLateAsync(string applicant, string idNumber)
    {
        var province = await tthc.GatewayAsAsync("province");
        var imported = await province.PostAsJsonAsync("/api/cases/import", new
        {
            procedureCode = Procedure, unitCode = Unit, channel = "counter",
            applicant = new { fullName = applicant, idNumber, phone = "0905777666", email = "thu@example.vn" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(-60),
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var receipt = await imported.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("code").GetString()!, receipt.GetProperty("lookupSecret").GetString()!);
    }

    /// <summary>The apology drafted for a late dossier, once the deadline watch has seen it overdue.</summary>
    private async Task<Guid> DraftAsync(string code)
    {
        var province = await tthc.GatewayAsAsync("province");
        return await Eventually.FoundAsync(async () =>
        {
            var page = await province.GetFromJsonAsync<JsonElement>($"/api/apologies?caseCode={code}");
            return page.GetProperty("items").EnumerateArray().Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "the draft apology");
    }

    [GeneratedRegex("<form([^>]*)>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("action=\"([^\"]*)\"")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("<(?:input|select|textarea)[^>]*>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("type=\"(?:radio|checkbox)\"")]
    private static partial Regex UncheckedPattern();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
