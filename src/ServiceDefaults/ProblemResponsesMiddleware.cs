using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Status-code pages for every request, and the NUL check: an error a handler or the framework answered without a body
/// (a 401 from the bearer scheme, a 405 from routing, a 404 for no route) becomes a problem document, and a NUL in the
/// path or query is the client's 400. What <c>UseStatusCodePages()</c> did, without what it costs each request that
/// needs nothing: ASP.NET Core's middleware allocates a feature and sets it on the request, and awaits the rest of the
/// pipeline in a state machine of its own, even when the response is a 200 that completed at once. Here the
/// <c>[SkipStatusCodePages]</c> metadata of an endpoint still keeps a response as it is; nothing in Tthc switches the
/// pages off per request, so there is no feature for it.
/// </summary>
internal sealed class ProblemResponsesMiddleware(RequestDelegate next, Func<HttpContext, Task<bool>>? ownProblem)
{
    public Task Invoke(HttpContext context)
    {
        // (Not again while the exception handler re-executes an error page for the request it refused.)
        if (HasNul(context.Request) && context.Features.Get<IExceptionHandlerFeature>() is null)
        {
            throw new BadHttpRequestException("Đường dẫn hoặc tham số chứa ký tự NUL (%00) / the path or query holds a NUL character (%00).");
        }

        var answered = next(context);
        if (!answered.IsCompletedSuccessfully)
        {
            return AfterAsync(answered, context);
        }

        return IsUnansweredError(context.Response) ? AnswerAsync(context) : Task.CompletedTask;
    }

    private async Task AfterAsync(Task answered, HttpContext context)
    {
        await answered;
        if (IsUnansweredError(context.Response))
        {
            await AnswerAsync(context);
        }
    }

    /// <summary>A NUL (U+0000) in the path or a query value: no route value or parameter of Tthc's can hold one.</summary>
    private static bool HasNul(HttpRequest request) =>
        request.Path.Value?.Contains('\0') == true
        || (request.QueryString.Value is { } query && query.Contains("%00", StringComparison.Ordinal));

    private static bool IsUnansweredError(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600 && !response.HasStarted;

    private async Task AnswerAsync(HttpContext context)
    {
        // The host's own answer first (the gateway's for a backend it could not reach), whatever the response holds.
        if (ownProblem is not null && await ownProblem(context))
        {
            return;
        }

        var response = context.Response;
        if (response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType)
            || context.GetEndpoint()?.Metadata.GetMetadata<ISkipStatusCodePagesMetadata>() is not null)
        {
            return;
        }

        await context.WriteProblemAsync(new() { Status = response.StatusCode });
    }
}
