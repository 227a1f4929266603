using System.Net;
using System.Net.Http.Json;
using Tthc.Apologies.Domain;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

/// <summary>Every operation on an apology, tried by another unit's staff and by roles that may not use it: 404 or 403, nothing changed.</summary>
public sealed class UnitScopeTests
{
    public static TheoryData<string, string, string?> Operations() => new()
    {
        { "GET", "", null },
        { "PUT", "", """{"reason":"Chờ ý kiến sở khác","newAppointmentDate":"2026-03-10"}""" },
        { "POST", "/sign", null },
        { "POST", "/deliveries", """{"channel":"counter"}""" },
        { "GET", "/document.docx", null },
    };

    private static async Task<HttpResponseMessage> SendAsync(ApologiesFactory factory, Apology apology, string role, string? unit, string method, string suffix, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/apologies/{apology.Id}{suffix}");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return await factory.CreateClient().WithToken(role, unit).SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Another_units_staff_get_a_404_and_change_nothing(string method, string suffix, string? body)
    {
        await using var factory = new ApologiesFactory();
        var apology = (await factory.FindAsync((await factory.AwaitingSignatureAsync()).CaseCode))!;

        foreach (var role in new[] { "officer", "leader" })
        {
            var response = await SendAsync(factory, apology, role, ApologiesFactory.OtherUnit, method, suffix, body);

            // Not found, or (signing, an officer's role) forbidden: never the letter.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("Nguyễn Văn An", await response.Content.ReadAsStringAsync());
        }

        var after = (await factory.FindAsync(apology.CaseCode))!;
        Assert.Equal((ApologyStatus.AwaitingSignature, apology.Version, 0), (after.Status, after.Version, after.Deliveries.Count));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_citizen_and_the_data_platform_may_not_use_the_staff_api(string method, string suffix, string? body)
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();

        foreach (var role in new[] { "citizen", "platform" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(factory, apology, role, null, method, suffix, body)).StatusCode);
        }

        Assert.Equal(ApologyStatus.AwaitingSignature, (await factory.FindAsync(apology.CaseCode))!.Status);
        // Its own unit's officer reads it: the refusals above are about the caller, not a broken route.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(factory, apology, "officer", ApologiesFactory.Unit, "GET", "", null)).StatusCode);
    }

    [Fact]
    public async Task Another_units_list_does_not_show_it()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();

        var other = await factory.CreateClient().WithToken("officer", ApologiesFactory.OtherUnit).GetStringAsync("/api/apologies");
        var own = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).GetStringAsync("/api/apologies");

        Assert.DoesNotContain(apology.CaseCode, other);
        Assert.Contains(apology.CaseCode, own);
    }
}

/// <summary>Free text as people type it — and as an attacker would.</summary>
public sealed class FreeTextTests
{
    [Theory]
    [InlineData("Chờ ý kiến\u0000 sở khác")]
    [InlineData("Chờ ý kiến\u001b[31m sở khác")]
    [InlineData("")]
    [InlineData("\u0301\u0300 \u0309")] // accents with no letter under them
    [InlineData("\u200B\u200B")] // zero-width spaces
    public async Task A_reason_with_control_characters_or_none_is_a_422(string reason)
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit)
            .PutAsJsonAsync($"/api/apologies/{draft.Id}", new { reason, newAppointmentDate = "2026-03-10" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ApologyStatus.Draft, (await factory.FindAsync(draft.CaseCode))!.Status);
    }

    [Fact]
    public async Task A_reason_over_2000_characters_is_a_422_and_one_with_line_breaks_is_fine()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();
        var officer = factory.CreateClient().WithToken("officer", ApologiesFactory.Unit);

        var tooLong = await officer.PutAsJsonAsync($"/api/apologies/{draft.Id}", new { reason = new string('x', 2001), newAppointmentDate = "2026-03-10" });
        var lines = await officer.PutAsJsonAsync($"/api/apologies/{draft.Id}", new { reason = "Thứ nhất: chờ ý kiến.\r\nThứ hai: chờ kết quả đo đạc.", newAppointmentDate = "2026-03-10" });

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK), (tooLong.StatusCode, lines.StatusCode));
    }
}
