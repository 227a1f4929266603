using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tthc.Gateway.Tests;

/// <summary>
/// <c>UseProblemResponses</c> with an error page (the web app's): when the page fails too, the answer is still the
/// status in words or a problem document, never the server's empty 500 (a blank page in the browser).
/// </summary>
public sealed class ErrorPageFailsTests
{
    [Fact]
    public async Task When_the_error_page_fails_too_the_answer_is_the_status_in_words_not_an_empty_500()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Services.AddTthcProblemDetails();
        await using var app = builder.Build();
        app.UseProblemResponses(errorPage: "/loi");
        app.MapGet("/loi", string () => throw new InvalidOperationException("the error page fails as well"));
        app.MapGet("/trang", string () => throw new InvalidOperationException("the page fails"));
        app.MapGet("/tra-cuu", (int ma) => ma.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await app.StartAsync();
        var client = app.GetTestClient();

        using var page = new HttpRequestMessage(HttpMethod.Get, "/trang");
        page.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        var answer = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("text/plain", answer.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("500 ", await answer.Content.ReadAsStringAsync());
        Assert.DoesNotContain("fails", await answer.Content.ReadAsStringAsync()); // a server error's cause is not shown
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", answer.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(answer.Headers.CacheControl?.NoStore);

        // A client's error stays its own 4xx, and a script still gets the problem document.
        using var call = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu?ma=abc");
        call.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        answer = await client.SendAsync(call);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }
}
