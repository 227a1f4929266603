using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;

namespace Tthc.Web.Api;

/// <summary>
/// The web app's only way to Tthc's data: the gateway, as every other client uses it. Staff pages call it with the
/// signed-in person's own token (the web app is their backend-for-frontend, the token never reaches the browser);
/// citizen pages call its public routes with the web app's service token and the citizen's address, so the gateway
/// limits each citizen, not the web app.
/// </summary>
public sealed class GatewayClient(IHttpClientFactory factory)
{
    public const string AsUser = "gateway-user";
    public const string ForCitizen = "gateway-citizen";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(AsUser, HttpMethod.Get, path, null, null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default, string? idempotencyKey = null) =>
        SendAsync<T>(AsUser, HttpMethod.Post, path, body, idempotencyKey, cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(AsUser, HttpMethod.Put, path, body, null, cancellationToken);

    public Task<ApiResult<T>> PublicGetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(ForCitizen, HttpMethod.Get, path, null, null, cancellationToken);

    public Task<ApiResult<T>> PublicPostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(ForCitizen, HttpMethod.Post, path, body, null, cancellationToken);

    /// <summary>A file (Word, XLSX, CSV) as the gateway sends it, for the web app to hand on.</summary>
    public async Task<HttpResponseMessage> DownloadAsync(string path, bool asCitizen, CancellationToken cancellationToken)
    {
        var response = await factory.CreateClient(asCitizen ? ForCitizen : AsUser).GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && !asCitizen)
        {
            response.Dispose();
            throw new SignInRequiredException();
        }

        return response;
    }

    private async Task<ApiResult<T>> SendAsync<T>(
        string client, HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await factory.CreateClient(client).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return ApiResult<T>.Failed(new Problem("Hệ thống tạm thời không trả lời", "Xin thử lại sau ít phút / the service is unavailable, try again shortly.", null));
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized && client == AsUser)
            {
                throw new SignInRequiredException();
            }

            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(Empty))
                {
                    return new ApiResult<T>(default, null);
                }

                // An address built from what a person typed can reach another route, which answers something else (a
                // page, a list): what the page asked for did not come, and the person reads so, not a server error.
                if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    try
                    {
                        return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null);
                    }
                    catch (JsonException)
                    {
                    }
                }

                return ApiResult<T>.Failed(Problem.Unreadable);
            }

            Problem? problem = null;
            if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
            {
                try
                {
                    problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancellationToken);
                }
                catch (JsonException)
                {
                }
            }

            return ApiResult<T>.Failed(problem ?? Problem.For((int)response.StatusCode));
        }
    }
}

/// <summary>No body expected.</summary>
public sealed record Empty;

public sealed record ApiResult<T>(T? Value, Problem? Problem)
{
    public bool Ok => Problem is null;

    public static ApiResult<T> Failed(Problem problem) => new(default, problem);
}

/// <summary>An RFC 9457 problem as the services answer it (the messages are already Vietnamese / English).</summary>
public sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    /// <summary>A success whose answer is not what was asked for.</summary>
    public static Problem Unreadable { get; } = new("Có lỗi", "Không đọc được câu trả lời của hệ thống / the answer could not be read.", null);

    public static Problem For(int status) => status switch
    {
        403 => new("Không có quyền", "Tài khoản này không được làm việc này / you may not do this.", null),
        404 => new("Không tìm thấy", "Không tìm thấy / not found.", null),
        429 => new("Quá nhiều lần thử", "Xin chờ ít phút rồi thử lại / too many attempts, wait a few minutes.", null),
        _ => new("Có lỗi", $"Yêu cầu không thực hiện được ({status}) / the request failed.", null),
    };

    /// <summary>
    /// Every message under the title, the field-level ones first; the detail unless it only says the title again (the
    /// services' 422: "Dữ liệu không hợp lệ / Validation failed" twice).
    /// </summary>
    public IEnumerable<string> Messages() =>
        (Errors?.SelectMany(e => e.Value) ?? []).Concat(Detail is { Length: > 0 } && Detail != Title ? [Detail] : []);
}

/// <summary>The gateway said 401 to the person's token: they sign in again (the web app redirects).</summary>
public sealed class SignInRequiredException : Exception
{
    public SignInRequiredException() : base("The session's token was refused; sign in again.")
    {
    }
}

/// <summary>Puts the signed-in person's token on the call (backend-for-frontend).</summary>
public sealed class UserTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } http && await http.GetTokenAsync("access_token") is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Tells the gateway which citizen a public call is for (it trusts the header only beside a service token).</summary>
public sealed class ClientAddressHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Remove(TthcHeaders.ClientAddress);
            request.Headers.Add(TthcHeaders.ClientAddress, address.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
