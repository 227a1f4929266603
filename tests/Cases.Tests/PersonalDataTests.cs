using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Contracts.Cases.V1;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

/// <summary>The applicant's personal data goes to the staff who act on the dossier, and every read of it is recorded.</summary>
public sealed class PersonalDataTests(CasesFactory factory) : IClassFixture<CasesFactory>
{
    private async Task<string> ReceiveAsync()
    {
        var response = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = CasesFactory.Unit, channel = "counter",
            applicant = new { fullName = "Lê Thị Bình", idNumber = "066190004321", phone = "0912000111", email = "binh@example.vn", address = "5 Phan Chu Trinh" },
            components = new[] { "don", "gcn-dat", "ban-ve" },
        });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task An_officer_reads_the_applicant_and_the_province_sees_who_read_it_when_and_through_what()
    {
        var code = await ReceiveAsync();

        var detail = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).GetFromJsonAsync<JsonElement>($"/api/cases/{code}");
        await CasesGrpcTests.Client(factory, "service", null).GetCaseAsync(new GetCaseRequest { Code = code });
        await CasesGrpcTests.Client(factory, "platform", null).GetCaseAsync(new GetCaseRequest { Code = code }); // no applicant, no record

        var applicant = detail.GetProperty("applicant");
        Assert.Equal("Lê Thị Bình", applicant.GetProperty("fullName").GetString());
        Assert.Equal("066190004321", applicant.GetProperty("idNumber").GetString());
        Assert.Equal("person", applicant.GetProperty("kind").GetString());
        Assert.Equal(["don", "gcn-dat", "ban-ve"], detail.GetProperty("components").EnumerateArray().Select(c => c.GetString()));

        var reads = await factory.CreateClient().WithToken("province").GetFromJsonAsync<JsonElement>($"/api/cases/personal-data-reads?dossier={code}");
        var items = reads.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(("test-service", "gRPC GetCase"), (items[0].GetProperty("actor").GetString(), items[0].GetProperty("through").GetString()));
        Assert.Equal(("test-officer", "officer", CasesFactory.Unit, "GET /api/cases/{code}"),
            (items[1].GetProperty("actor").GetString(), items[1].GetProperty("role").GetString(), items[1].GetProperty("actorUnitCode").GetString(), items[1].GetProperty("through").GetString()));
        Assert.Equal(factory.Clock.GetUtcNow(), items[1].GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Only_the_province_lists_the_reads_and_pages_them()
    {
        var code = await ReceiveAsync();
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateClient().WithToken("leader", CasesFactory.Unit).GetAsync($"/api/cases/{code}");
        }

        var officer = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).GetAsync("/api/cases/personal-data-reads");
        var badCursor = await factory.CreateClient().WithToken("province").GetAsync("/api/cases/personal-data-reads?cursor=zzz");
        var first = await factory.CreateClient().WithToken("province").GetFromJsonAsync<JsonElement>($"/api/cases/personal-data-reads?dossier={code}&limit=2");
        var next = first.GetProperty("nextCursor").GetString();
        var second = await factory.CreateClient().WithToken("province").GetFromJsonAsync<JsonElement>($"/api/cases/personal-data-reads?dossier={code}&limit=2&cursor={next}");

        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }
}
