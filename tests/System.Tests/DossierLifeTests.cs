using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tthc.System.Tests;

/// <summary>A dossier's life through the gateway, as the officers of two units and the citizen see it.</summary>
[Collection(TthcAppCollection.Name)]
public sealed class DossierLifeTests(TthcApp tthc)
{
    [Fact]
    public async Task Intake_transfer_supplement_decision_and_return_through_the_gateway()
    {
        var district = await tthc.GatewayAsAsync("officer", "000.00.33.H15");
        var received = await district.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.004203", unitCode = "000.00.33.H15", channel = "online",
            applicant = new { fullName = "Hoàng Văn Em", phone = "0987654321" },
            components = new[] { "don", "hop-dong", "gcn" },
        });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var receipt = await received.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await district.PostAsJsonAsync($"/api/cases/{code}/transfer", new { toUnitCode = "000.00.16.H15", workingDays = 5 })).StatusCode);
        var department = await tthc.GatewayAsAsync("officer", "000.00.16.H15");
        Assert.Equal(HttpStatusCode.OK, (await department.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing = new[] { "Bản sao hợp đồng có công chứng" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await department.PostAsync($"/api/cases/{code}/supplement-received", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await department.PostAsync($"/api/cases/{code}/decide", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await district.PostAsJsonAsync($"/api/cases/{code}/return", new { channel = "postal" })).StatusCode);

        var history = await district.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Equal(["received", "transferred", "supplement-requested", "supplement-received", "decided", "returned"],
            history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var slip = await district.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/control-slip");
        Assert.Equal("early", Assert.Single(slip.EnumerateArray()).GetProperty("result").GetString());
        var citizen = await tthc.Gateway().GetFromJsonAsync<JsonElement>($"/public/cases/{code}?secret={receipt.GetProperty("lookupSecret").GetString()}");
        Assert.Equal("Returned", citizen.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_imported_dossier_long_past_its_appointment_is_overdue_at_once()
    {
        var province = await tthc.GatewayAsAsync("province");
        var response = await province.PostAsJsonAsync("/api/cases/import", new
        {
            procedureCode = "1.002804", unitCode = "000.00.14.H15", channel = "counter",
            applicant = new { fullName = "Vũ Thị Gấm" }, components = new[] { "don", "gplx", "giay-kham" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(-60),
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var overdue = await province.GetFromJsonAsync<JsonElement>("/api/cases?overdue=true&unit=000.00.14.H15");
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
    }
}
