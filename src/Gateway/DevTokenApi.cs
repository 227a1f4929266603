using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tthc.Gateway;

/// <summary>
/// <c>POST /dev/token</c>: a signed token for any role, so a newcomer can try every API. Mapped in Development only;
/// elsewhere the route does not exist.
/// </summary>
internal static partial class DevTokenApi
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static IEndpointRouteBuilder MapDevTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/token", IssueToken)
            .WithTags("Development")
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    public static Results<Ok<DevToken>, ValidationProblem, NotFound> IssueToken(
        DevTokenRequest request, JwtSettings settings, TimeProvider time)
    {
        if (settings.SecurityKey is not { } key)
        {
            // Tokens come from an OIDC authority: there is nothing to sign them with here.
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Role is null || !TthcRoles.All.Contains(request.Role))
        {
            errors["role"] = [$"Vai trò không hợp lệ / role must be one of: {string.Join(", ", TthcRoles.All)}."];
        }

        if (request.Unit is not null && !UnitCodePattern().IsMatch(request.Unit))
        {
            errors["unit"] = ["Mã đơn vị không hợp lệ / unit must be an electronic ID code of up to 13 characters, e.g. 000.00.15.H15."];
        }
        else if (request.Unit is null && request.Role is TthcRoles.Officer or TthcRoles.Leader)
        {
            errors["unit"] = ["Cán bộ phải thuộc một đơn vị / an officer or leader needs a unit."];
        }

        if (request.Name is { Length: 0 or > 100 })
        {
            errors["name"] = ["Họ tên tối đa 100 ký tự / name is at most 100 characters."];
        }

        if (request.Title is { Length: 0 or > 100 })
        {
            errors["title"] = ["Chức vụ tối đa 100 ký tự / title is at most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var claims = new List<Claim>
        {
            new(TthcClaims.Subject, request.Subject ?? $"dev-{request.Role}{(request.Unit is null ? "" : "-" + request.Unit)}"),
            new(TthcClaims.Role, request.Role!),
        };
        if (request.Unit is not null)
        {
            claims.Add(new(TthcClaims.Unit, request.Unit));
        }

        if (request.Name is not null)
        {
            claims.Add(new(TthcClaims.Name, request.Name));
        }

        if (request.Title is not null)
        {
            claims.Add(new(TthcClaims.Title, request.Title));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        return TypedResults.Ok(new DevToken(token, "Bearer", (int)Lifetime.TotalSeconds));
    }

    [GeneratedRegex(@"^[0-9A-Za-z.]{1,13}$")]
    private static partial Regex UnitCodePattern();
}

/// <param name="Name">The person's full name (printed under their signature).</param>
/// <param name="Title">Their position, e.g. "Phó Giám đốc" (a leader signs letters in that capacity).</param>
public sealed record DevTokenRequest(string? Role, string? Unit, string? Subject, string? Name = null, string? Title = null);

public sealed record DevToken(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
