using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tthc.Tests;

/// <summary>Tokens signed with the key the in-process services are configured with.</summary>
public static class TestTokens
{
    public const string SigningKey = "tthc-tests-signing-key-0123456789abcdef-0123456789";
    public const string Issuer = "tthc";
    public const string Audience = "tthc";

    /// <summary>Settings to give a service under test so it accepts <see cref="For"/>'s tokens.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Jwt:SigningKey", SigningKey),
        new("Jwt:Issuer", Issuer),
        new("Jwt:Audience", Audience),
    ];

    /// <summary>The leader every test token of that role names, as the letters they sign print it.</summary>
    public const string LeaderName = "Trần Thị Hồng Nhung";
    public const string LeaderTitle = "Phó Giám đốc";

    public static string For(string role, string? unit = null, string? signingKey = null, DateTime? expires = null, string? name = null, string? title = null)
    {
        var claims = new List<Claim> { new("sub", $"test-{role}"), new("role", role) };
        if (unit is not null)
        {
            claims.Add(new("unit", unit));
        }

        if (role == "leader")
        {
            (name, title) = (name ?? LeaderName, title ?? LeaderTitle);
        }

        if (name is not null)
        {
            claims.Add(new("name", name));
        }

        if (title is not null)
        {
            claims.Add(new("title", title));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            // On the wall clock, not the service's fake one: the token handler checks lifetimes against the real time.
            Expires = expires ?? TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(1),
            NotBefore = expires?.AddHours(-2),
            IssuedAt = expires?.AddHours(-2),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpClient WithToken(this HttpClient client, string role, string? unit = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, unit));
        return client;
    }
}
