using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>RFC 9457 problem details with titles a citizen can read: Vietnamese first, then English.</summary>
public static class ProblemDetailsExtensions
{
    private static readonly Dictionary<int, string> BilingualTitles = new()
    {
        [StatusCodes.Status400BadRequest] = "Yêu cầu không hợp lệ / Bad request",
        [StatusCodes.Status401Unauthorized] = "Chưa xác thực / Authentication required",
        [StatusCodes.Status403Forbidden] = "Không có quyền / Forbidden",
        [StatusCodes.Status404NotFound] = "Không tìm thấy / Not found",
        [StatusCodes.Status405MethodNotAllowed] = "Phương thức không được hỗ trợ / Method not allowed",
        [StatusCodes.Status409Conflict] = "Xung đột trạng thái / Conflict",
        [StatusCodes.Status413PayloadTooLarge] = "Nội dung quá lớn / Content too large",
        [StatusCodes.Status415UnsupportedMediaType] = "Định dạng không được hỗ trợ / Unsupported media type",
        [StatusCodes.Status422UnprocessableEntity] = "Dữ liệu không hợp lệ / Validation failed",
        [StatusCodes.Status429TooManyRequests] = "Quá nhiều yêu cầu / Too many requests",
        [StatusCodes.Status500InternalServerError] = "Lỗi hệ thống / Internal error",
        [StatusCodes.Status502BadGateway] = "Dịch vụ phía sau lỗi / Bad gateway",
        [StatusCodes.Status503ServiceUnavailable] = "Dịch vụ tạm thời không sẵn sàng / Service unavailable",
        [StatusCodes.Status504GatewayTimeout] = "Dịch vụ phía sau không trả lời / Gateway timeout",
    };

    /// <summary>The bilingual title for a status code, or null when there is none.</summary>
    public static string? BilingualTitle(int statusCode) => BilingualTitles.GetValueOrDefault(statusCode);

    /// <summary>
    /// Writes a problem document for the response — or, to a client that takes no JSON (<c>Accept: text/html</c>
    /// alone), the status, its bilingual title and the detail as a line of text. <see cref="IProblemDetailsService"/>'s
    /// own <c>WriteAsync</c> throws when no writer takes the request, which made such a client's 429 or 503 a 500. A
    /// browser opening a page (its Accept starts with <c>text/html</c>, then <c>*/*</c>) gets the words too, not JSON.
    /// </summary>
    public static async Task WriteProblemAsync(this HttpContext context, Microsoft.AspNetCore.Mvc.ProblemDetails problem,
        Exception? exception = null, EndpointMetadataCollection? metadata = null)
    {
        if (!OpensAPage(context.Request)
            && context.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception, AdditionalMetadata = metadata }))
        {
            return;
        }

        var status = problem.Status ?? context.Response.StatusCode;
        var title = BilingualTitle(status) ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        // What the client sent wrong is said back, as in the problem document; a server error's cause is not.
        var detail = problem.Detail ?? (exception is BadHttpRequestException bad && status < 500 ? bad.Message : null);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(detail is { Length: > 0 } ? $"{status} {title}: {detail}" : $"{status} {title}");
    }

    private static bool OpensAPage(HttpRequest request) =>
        request.Headers.Accept.ToString().AsSpan().TrimStart().StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The exception handler's answer: the problem document it would write itself (with the exception, for the detail
    /// of a client's error), or the same in words for a client that takes no JSON — without this its body was empty.
    /// </summary>
    internal static Task WriteExceptionProblemAsync(HttpContext context)
    {
        var handled = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>();
        return context.WriteProblemAsync(new() { Status = context.Response.StatusCode }, handled?.Error, handled?.Endpoint?.Metadata);
    }

    /// <summary>A 422 listing every field at fault with its (bilingual) messages.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unprocessable(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity });

    /// <summary>
    /// Registers problem details: bilingual titles where the handler gave none of its own, and the trace id so an
    /// operator can find the request in the dashboard.
    /// </summary>
    public static IServiceCollection AddTthcProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (BilingualTitles.TryGetValue(status, out var title) && IsDefaultTitle(problem.Title))
            {
                problem.Title = title;
            }

            if (context.Exception is BadHttpRequestException exception && status < 500)
            {
                // What the client sent wrong, said back: which value did not parse, where the JSON broke.
                problem.Detail ??= $"Yêu cầu không hợp lệ / the request is malformed: {exception.Message}";
            }

            if (status == StatusCodes.Status413PayloadTooLarge && !context.HttpContext.Response.HasStarted)
            {
                // The rest of the body is not read: the connection cannot carry another request, and the client must know.
                context.HttpContext.Response.Headers.Connection = "close";
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });

    // ASP.NET Core fills English reason phrases as titles; those are the ones we replace.
    private static bool IsDefaultTitle(string? title) =>
        title is null || BilingualTitles.Keys.Any(code => string.Equals(ReasonPhrase(code), title, StringComparison.Ordinal))
        || title is "Content Too Large" // RFC 9110's name for 413, where the reason phrase is still "Payload Too Large"
        || title.StartsWith("One or more validation errors", StringComparison.Ordinal)
        || title.StartsWith("An error occurred", StringComparison.Ordinal);

    private static string ReasonPhrase(int code) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code);
}
