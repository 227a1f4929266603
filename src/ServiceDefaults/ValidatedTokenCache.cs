using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A bearer-token handler that remembers the tokens it has accepted. An officer's client sends the same token with
/// every request of a working session, and the gateway and the service behind it would each check its signature,
/// parse it and build its claims every time — a tenth of the processor time of an intake. A token is remembered until
/// it expires, at most <see cref="MaxAge"/> (so a key that is rotated away stops being honoured soon after); a token
/// that fails is never remembered. The claims identity is shared by the requests that carry the token: nothing in Tthc
/// adds claims to an identity after authentication, and nothing may.
/// </summary>
public sealed class ValidatedTokenCache : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const int MaxTokens = 10_000;

    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime Until)> _accepted = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = DateTime.UtcNow;
        if (_accepted.TryGetValue(token, out var remembered) && now < remembered.Until)
        {
            return remembered.Result;
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > now)
        {
            // The identity is built on first read: build it once, before requests share it.
            _ = result.ClaimsIdentity;
            if (_accepted.Count >= MaxTokens)
            {
                // A crowd of one-off tokens: start afresh rather than track ages.
                _accepted.Clear();
            }

            var until = result.SecurityToken.ValidTo < now + MaxAge ? result.SecurityToken.ValidTo : now + MaxAge;
            _accepted[token] = (result, until);
        }

        return result;
    }
}
