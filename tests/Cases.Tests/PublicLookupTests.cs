using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public sealed class PublicLookupTests(CasesFactory factory) : IClassFixture<CasesFactory>
{
    private async Task<string> ReceiveAsync()
    {
        var response = await factory.CreateClient().WithToken("officer", "000.00.31.H15").PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An", idNumber = "066090001234", phone = "0905123456", address = "12 Lê Duẩn" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task The_applicant_follows_the_dossier_with_the_last_digits_of_the_phone_and_sees_no_personal_data()
    {
        var code = await ReceiveAsync();

        var response = await factory.CreateClient().GetAsync($"/public/cases/{code}?verifier=3456");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Received", view.GetProperty("status").GetString());
        Assert.Equal("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", view.GetProperty("procedure").GetString());
        Assert.DoesNotContain("Nguyễn", text);
        Assert.DoesNotContain("0905123456", text);
        Assert.DoesNotContain("066090001234", text);
        Assert.DoesNotContain("Lê Duẩn", text);
    }

    [Fact]
    public async Task A_wrong_verifier_and_an_unknown_code_give_the_same_404()
    {
        var code = await ReceiveAsync();

        var wrong = await factory.CreateClient().GetAsync($"/public/cases/{code}?verifier=0000");
        var missing = await factory.CreateClient().GetAsync($"/public/cases/{code}");
        var unknown = await factory.CreateClient().GetAsync("/public/cases/000.00.31.H15-260101-9999?verifier=3456");

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var detail = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal(detail, (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
