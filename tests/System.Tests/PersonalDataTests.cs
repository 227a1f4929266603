using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tthc.System.Tests;

/// <summary>
/// A citizen's personal data and lookup secret never reach the logs: every line the four services wrote during this
/// run (the tests before this one included) is searched for the test applicants' ID numbers, phones, emails, addresses
/// and for the secrets handed out.
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class PersonalDataTests(TthcApp tthc)
{
    /// <summary>Every applicant detail the System tests send.</summary>
    private static readonly string[] Personal =
    [
        "079203001122", "0903334455", "thu.pham@example.vn", "88 Nguyễn Tất Thành", // this test's
        "066185000321", "0905111222", "0987654321", // the apology's and the dossier's life
    ];

    [Fact]
    public async Task No_ID_number_phone_email_address_or_secret_of_an_applicant_is_in_any_log_line()
    {
        var officer = await tthc.GatewayAsAsync("officer", "000.00.31.H15");
        var received = await officer.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
            applicant = new { fullName = "Phạm Thị Thu", idNumber = "079203001122", phone = "0903334455", email = "thu.pham@example.vn", address = "88 Nguyễn Tất Thành" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var receipt = await received.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        var secret = receipt.GetProperty("lookupSecret").GetString()!;

        // Read back by staff (recorded), looked up by the citizen, with wrong secrets too, and withdrawn by them.
        Assert.Equal("079203001122", (await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}")).GetProperty("applicant").GetProperty("idNumber").GetString());
        Assert.Equal(HttpStatusCode.OK, (await tthc.Gateway().GetAsync($"/public/cases/{code}?secret={secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tthc.Gateway().GetAsync($"/public/cases/{code}?secret=0903334455")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tthc.Gateway().GetAsync($"/public/apologies/{code}/document.docx?secret={secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tthc.Gateway().PostAsJsonAsync($"/public/cases/{code}/withdraw", new { secret, reason = "Đã nộp nhầm thủ tục" })).StatusCode);

        var province = await tthc.GatewayAsAsync("province");
        var reads = await province.GetFromJsonAsync<JsonElement>($"/api/cases/personal-data-reads?dossier={code}");
        Assert.Contains(reads.GetProperty("items").EnumerateArray(), r => r.GetProperty("through").GetString() == "GET /api/cases/{code}");

        await Task.Delay(TimeSpan.FromSeconds(2)); // the last lines reach the collector
        var lines = tthc.LogLines.ToList();
        Assert.Contains(lines, line => line.Contains("subscribes to")); // the services' Information lines are captured
        string[] forbidden = [.. Personal, secret, secret.Replace("-", "")];
        var leaks = lines.Where(line => forbidden.Any(value => line.Contains(value, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(leaks.Count == 0, "Personal data in the logs:\n" + string.Join("\n", leaks.Take(10)));
    }
}
