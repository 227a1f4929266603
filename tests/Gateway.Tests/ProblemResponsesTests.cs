using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tthc.Gateway.Tests;

/// <summary>
/// An error answered without a body — the bearer scheme's 401, a NUL the client sent — is a problem document in both
/// languages, or the status in words for a client that takes no JSON.
/// </summary>
public sealed class ProblemResponsesTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task A_bodiless_401_becomes_a_bilingual_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Chưa xác thực / Authentication required", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_that_takes_no_JSON_gets_the_status_in_words()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("401 Chưa xác thực / Authentication required", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_NUL_in_the_query_is_the_clients_400_before_any_service_is_asked()
    {
        var response = await factory.CreateClient().GetAsync("/api/calendar/lunar?date=2026-02-17%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NUL", await response.Content.ReadAsStringAsync());
    }
}
