using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

/// <summary>Limits on what a client types: lengths, lists, duplicates, control characters — a 422 naming the field.</summary>
public sealed class InputLimitsTests
{
    private static object Intake(string fullName = "Nguyễn Văn An", string[]? components = null, string? address = null) => new
    {
        procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
        applicant = new { fullName, address }, components = components ?? ["don", "gcn-dat", "ban-ve"],
    };

    [Theory]
    [InlineData("name control", "applicant.fullName")]
    [InlineData("name of accents", "applicant.fullName")]
    [InlineData("name of a pictograph", "applicant.fullName")]
    [InlineData("name of digits", "applicant.fullName")]
    [InlineData("duplicates", "components.duplicates")]
    [InlineData("many", "components.duplicates")]
    [InlineData("address", "applicant.address")]
    public async Task An_intake_beyond_the_limits_is_a_422_naming_the_field(string what, string field)
    {
        await using var factory = new CasesFactory();
        var body = what switch
        {
            "name control" => Intake(fullName: "Nguyễn\u0000Văn An"),
            "name of accents" => Intake(fullName: "\u0300\u0301\u0303"),
            "name of a pictograph" => Intake(fullName: "🙂"),
            "name of digits" => Intake(fullName: "0905 123 456"),
            "duplicates" => Intake(components: ["don", "don", "gcn-dat", "ban-ve"]),
            "many" => Intake(components: [.. Enumerable.Repeat("don", 20_000)]),
            _ => Intake(address: new string('x', 501)),
        };

        var response = await factory.CreateClient().WithToken("officer", "000.00.31.H15").PostAsJsonAsync("/api/cases", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("refuse", 2001)]
    [InlineData("stop", 0)]
    public async Task A_reason_too_long_or_with_control_characters_is_a_422(string action, int length)
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var reason = length > 0 ? new string('x', length) : "Công dân\u0007 đề nghị";

        var response = await factory.CreateClient().WithToken("officer", CasesFactory.Unit).PostAsJsonAsync($"/api/cases/{code}/{action}", new { reason });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, (await factory.StoredAsync(code)).Version);
    }
}
