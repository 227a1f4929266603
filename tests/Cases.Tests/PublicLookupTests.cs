extern alias CasesService;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Tests;
using CasesDbContext = CasesService::Tthc.Cases.Data.CasesDbContext;
using LookupSecret = Tthc.Contracts.LookupSecret;

namespace Tthc.Cases.Tests;

public sealed class PublicLookupTests(CasesFactory factory) : IClassFixture<CasesFactory>
{
    private const string Unit = "000.00.31.H15";

    private async Task<JsonElement> ReceiveAsync(string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
        {
            Content = JsonContent.Create(new
            {
                procedureCode = "1.009994", unitCode = Unit, channel = "counter",
                applicant = new { fullName = "Nguyễn Văn An", idNumber = "066090001234", phone = "0905123456", address = "12 Lê Duẩn" },
                components = new[] { "don", "gcn-dat", "ban-ve" },
            }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await factory.CreateClient().WithToken("officer", Unit).SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_receipt_carries_a_random_secret_a_link_and_its_QR_code_and_only_a_hash_is_kept()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString()!;

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", secret);
        Assert.Equal(secret, receipt.GetProperty("receipt").GetProperty("lookupSecret").GetString());
        Assert.EndsWith($"/public/cases/{code}?secret={secret}", receipt.GetProperty("lookupUrl").GetString());
        var qrUrl = receipt.GetProperty("receipt").GetProperty("lookupQrUrl").GetString()!;
        Assert.EndsWith($"/public/cases/{code}/qr.svg?secret={secret}", qrUrl);
        var qr = await factory.CreateClient().GetAsync(new Uri(qrUrl).PathAndQuery);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", await qr.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}/qr.svg?secret=00000-00000")).StatusCode);
        Assert.NotEqual(secret, (await ReceiveAsync()).GetProperty("lookupSecret").GetString());

        using var scope = factory.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Dossiers.AsNoTracking().SingleAsync(d => d.Code == code);
        Assert.NotNull(stored.LookupSecretHash);
        Assert.DoesNotContain(secret.Replace("-", ""), stored.LookupSecretHash);
    }

    [Fact]
    public async Task The_applicant_follows_the_dossier_with_the_secret_typed_loosely_and_sees_no_personal_data()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;
        var typed = receipt.GetProperty("lookupSecret").GetString()!.Replace("-", " ").ToLowerInvariant();

        var response = await factory.CreateClient().GetAsync($"/public/cases/{code}?secret={Uri.EscapeDataString(typed)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Received", view.GetProperty("status").GetString());
        Assert.Equal("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", view.GetProperty("procedure").GetString());
        // Vietnamese is written as itself, not as \u escapes, so what is absent below is absent in any form.
        Assert.Contains("Cấp giấy phép xây dựng mới", text);
        Assert.DoesNotContain("Nguyễn", text);
        Assert.DoesNotContain("0905123456", text);
        Assert.DoesNotContain("066090001234", text);
        Assert.DoesNotContain("Lê Duẩn", text);
    }

    [Fact]
    public async Task The_lookup_explains_the_appointment_lists_what_a_supplement_asks_and_sends_a_browser_to_the_portal()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString()!;
        var officer = factory.CreateClient().WithToken("officer", Unit);
        string[] missing = ["Bản vẽ mặt bằng; có chữ ký của chủ đầu tư", "Bản sao giấy chứng nhận quyền sử dụng đất"];
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing })).StatusCode);

        var view = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/public/cases/{code}?secret={secret}");

        // Each item whole, even one with a semicolon in it; the time in words; the count's start and skipped days as
        // the staff's own explanation gives them; the steps without who took them.
        Assert.Equal(missing, view.GetProperty("missing").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("15 ngày làm việc", view.GetProperty("statutoryTime").GetString());
        var staff = await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/deadline");
        Assert.Equal(staff.GetProperty("countsFrom").GetDateTimeOffset(), view.GetProperty("countsFrom").GetDateTimeOffset());
        Assert.Equal(staff.GetProperty("skipped").GetArrayLength(), view.GetProperty("skipped").GetArrayLength());
        Assert.True(view.GetProperty("skipped").GetArrayLength() >= 4, "15 working days span at least two weekends");
        var steps = view.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["received", "supplement-requested"], steps.Select(s => s.GetProperty("action").GetString()));
        Assert.Equal("AwaitingSupplement", steps[^1].GetProperty("status").GetString());
        Assert.DoesNotContain("actor", steps[0].GetRawText(), StringComparison.OrdinalIgnoreCase);

        // Once it arrived, nothing is listed as missing any more.
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/cases/{code}/supplement-received", null)).StatusCode);
        var after = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/public/cases/{code}?secret={secret}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("missing").ValueKind);

        // The receipt's QR link opened in a browser goes to the portal's page; a JSON client still gets the JSON.
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/public/cases/{code}?secret={secret}");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var redirected = await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal($"/tra-cuu?ma={Uri.EscapeDataString(code)}&secret={secret}", redirected.Headers.Location!.OriginalString);
        using var json = new HttpRequestMessage(HttpMethod.Get, $"/public/cases/{code}?secret={secret}");
        json.Headers.Accept.ParseAdd("application/json");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(json)).StatusCode);
    }

    [Fact]
    public async Task The_last_digits_of_the_phone_or_ID_no_longer_open_the_lookup()
    {
        var code = (await ReceiveAsync()).GetProperty("code").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret=3456")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}?verifier=3456")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret=1234")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_and_an_unknown_code_give_the_same_404()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;

        var wrong = await factory.CreateClient().GetAsync($"/public/cases/{code}?secret=00000-00000");
        var missing = await factory.CreateClient().GetAsync($"/public/cases/{code}");
        var unknown = await factory.CreateClient().GetAsync($"/public/cases/{Unit}-260101-9999?secret={receipt.GetProperty("lookupSecret").GetString()}");

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var detail = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal(detail, (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Eleven_wrong_secrets_lock_the_dossier_whatever_the_address_for_a_time_that_grows()
    {
        await using var app = CasesFactory.At(TestClock.Start);
        var receipt = await ReceiveWithAsync(app);
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString()!;

        for (var i = 0; i < LookupSecret.FreeFailures; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/public/cases/{code}?secret=WRONG-{i:D5}")).StatusCode);
        }

        var eleventh = await app.CreateClient().GetAsync($"/public/cases/{code}?secret=WRONG-99999");
        var right = await app.CreateClient().GetAsync($"/public/cases/{code}?secret={secret}");
        var withdraw = await app.CreateClient().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret, reason = "Tôi không cần nữa" });

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, withdraw.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), right.Headers.RetryAfter?.Delta);
        Assert.Contains("application/problem+json", right.Content.Headers.ContentType?.ToString());

        // A minute later the lookup opens; the next wrong secret shuts it for two.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/public/cases/{code}?secret=WRONG-88888")).StatusCode);
        var again = await app.CreateClient().GetAsync($"/public/cases/{code}?secret={secret}");
        Assert.Equal(TimeSpan.FromMinutes(2), again.Headers.RetryAfter?.Delta);

        // The right secret, once the lock is over, clears the count.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/public/cases/{code}?secret={secret}")).StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CasesDbContext>().LookupGuards.AnyAsync(g => g.DossierCode == code));
    }

    [Fact]
    public async Task A_retried_intake_answers_the_same_dossier_with_a_new_secret_and_the_first_stops_working()
    {
        var key = Guid.NewGuid().ToString();
        var first = await ReceiveAsync(key);
        var retry = await ReceiveAsync(key);
        var code = first.GetProperty("code").GetString()!;

        Assert.Equal(code, retry.GetProperty("code").GetString());
        Assert.NotEqual(first.GetProperty("lookupSecret").GetString(), retry.GetProperty("lookupSecret").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret={first.GetProperty("lookupSecret").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret={retry.GetProperty("lookupSecret").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task A_citizen_who_lost_the_receipt_gets_a_new_secret_at_the_counter()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;

        var other = await factory.CreateClient().WithToken("officer", "000.00.15.H15").PostAsync($"/api/cases/{code}/lookup-secret", null);
        var anonymous = await factory.CreateClient().PostAsync($"/api/cases/{code}/lookup-secret", null);
        var replaced = await factory.CreateClient().WithToken("officer", Unit).PostAsync($"/api/cases/{code}/lookup-secret", null);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var secret = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lookupSecret").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret={receipt.GetProperty("lookupSecret").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"/public/cases/{code}?secret={secret}")).StatusCode);
        var history = await factory.CreateClient().WithToken("officer", Unit).GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("action").GetString() == "lookup-secret-replaced");
    }

    [Fact]
    public async Task The_citizen_withdraws_with_the_secret_and_a_reason()
    {
        var receipt = await ReceiveAsync();
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString();

        var wrong = await factory.CreateClient().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret = "00000-00000", reason = "Không cần nữa" });
        var noReason = await factory.CreateClient().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret });
        var withdrawn = await factory.CreateClient().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret, reason = "Không cần nữa" });
        var twice = await factory.CreateClient().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret, reason = "Không cần nữa" });

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var history = await factory.CreateClient().WithToken("officer", Unit).GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        var entry = history.EnumerateArray().Single(h => h.GetProperty("action").GetString() == "withdrawn");
        Assert.Equal("citizen", entry.GetProperty("actor").GetString());
    }

    private static async Task<JsonElement> ReceiveWithAsync(CasesFactory app)
    {
        var response = await app.CreateClient().WithToken("officer", Unit).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = Unit, channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An", phone = "0905123456" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
