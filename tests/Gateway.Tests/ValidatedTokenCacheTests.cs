using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using Tthc.Tests;

namespace Tthc.Gateway.Tests;

public sealed class ValidatedTokenCacheTests
{
    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = TestTokens.Issuer,
        ValidAudience = TestTokens.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.SigningKey)),
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task A_token_accepted_once_is_accepted_again_with_the_same_claims_without_being_checked_again()
    {
        var cache = new ValidatedTokenCache { MapInboundClaims = false };
        var token = TestTokens.For("officer", "000.00.31.H15");

        var first = await cache.ValidateTokenAsync(token, Parameters);
        var again = await cache.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.Same(first, again);
        Assert.Equal("000.00.31.H15", again.ClaimsIdentity.FindFirst("unit")?.Value);
    }

    [Fact]
    public async Task Forged_and_expired_tokens_are_refused_every_time_even_beside_a_remembered_one()
    {
        var cache = new ValidatedTokenCache { MapInboundClaims = false };
        var genuine = TestTokens.For("officer", "000.00.31.H15");
        Assert.True((await cache.ValidateTokenAsync(genuine, Parameters)).IsValid);

        var forged = TestTokens.For("province", signingKey: "not-the-key-of-this-province-0123456789-0123456789");
        var expired = TestTokens.For("officer", "000.00.31.H15", expires: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-5));
        var tampered = genuine[..^2] + (genuine[^2] == 'A' ? "B" : "A") + genuine[^1];
        foreach (var token in new[] { forged, expired, tampered, forged })
        {
            Assert.False((await cache.ValidateTokenAsync(token, Parameters)).IsValid);
        }
    }
}
