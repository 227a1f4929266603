using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tthc.Tests;

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
    public async Task A_backend_out_of_reach_is_a_503_in_words_for_a_client_that_takes_no_JSON_with_its_request_id()
    {
        var client = factory.CreateClient().WithToken("officer", "000.00.15.H15");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/apologies"); // nothing listens behind it
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // not the 500 of a writer that takes no HTML
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("503 Dịch vụ tạm thời không sẵn sàng / Service unavailable: Dịch vụ đang tạm ngừng", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("X-Request-Id").Single())); // the answer worth quoting
    }

    [Fact]
    public async Task A_refused_public_call_is_a_429_in_words_for_a_client_that_takes_no_JSON()
    {
        var client = factory.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) // three a minute in the tests' settings
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/public/apologies");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            answers.Add(await client.SendAsync(request));
        }

        var refused = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/plain", refused.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("429 Quá nhiều yêu cầu / Too many requests: Vui lòng thử lại sau", await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_NUL_in_the_query_is_the_clients_400_before_any_service_is_asked()
    {
        var response = await factory.CreateClient().GetAsync("/api/calendar/lunar?date=2026-02-17%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NUL", await response.Content.ReadAsStringAsync());

        using var asPage = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=2026-02-17%00");
        asPage.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        response = await factory.CreateClient().SendAsync(asPage);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType); // not an empty body
        Assert.StartsWith("400 Yêu cầu không hợp lệ / Bad request: Đường dẫn hoặc tham số chứa ký tự NUL", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateways_own_refusal_keeps_the_request_id_a_client_can_quote()
    {
        // Refused before any middleware ran, answered on a response the exception handler cleared: the id goes back on.
        var generated = await factory.CreateClient().GetAsync("/api/calendar/lunar?date=%00");
        Assert.Equal(HttpStatusCode.BadRequest, generated.StatusCode);
        using var problem = JsonDocument.Parse(await generated.Content.ReadAsStringAsync());
        Assert.Equal(problem.RootElement.GetProperty("traceId").GetString(), generated.Headers.GetValues("X-Request-Id").Single()); // the problem's own

        using var quoted = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=%00");
        quoted.Headers.Add("X-Request-Id", "abc-123");
        var kept = await factory.CreateClient().SendAsync(quoted);
        Assert.Equal(HttpStatusCode.BadRequest, kept.StatusCode);
        Assert.Equal("abc-123", kept.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task A_browser_opening_a_page_gets_words_though_its_accept_ends_with_anything()
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu?ma=%00");
        page.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var response = await factory.CreateClient().SendAsync(page);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("400 Yêu cầu không hợp lệ / Bad request", await response.Content.ReadAsStringAsync());

        // A script's own call (fetch's */*) still gets the problem document.
        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/calendar/lunar?date=%00");
        call.Headers.TryAddWithoutValidation("Accept", "*/*");
        Assert.Equal("application/problem+json", (await factory.CreateClient().SendAsync(call)).Content.Headers.ContentType?.MediaType);
    }
}
