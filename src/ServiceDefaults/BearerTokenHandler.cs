using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>The bearer scheme's settings: how a token is checked, and by what.</summary>
public sealed class BearerTokenOptions : AuthenticationSchemeOptions
{
    /// <summary>Issuer, audience, keys (or, with an OpenID Connect authority, its configuration manager), clock skew.</summary>
    public TokenValidationParameters TokenValidationParameters { get; set; } = new();

    /// <summary>What checks a token: signature, lifetime, issuer and audience, then the claims.</summary>
    public TokenHandler TokenHandler { get; set; } = new ValidatedTokenCache { MapInboundClaims = false };
}

/// <summary>
/// Authenticates a request by the JSON web token in its <c>Authorization: Bearer</c> header (RFC 6750) and challenges
/// with <c>WWW-Authenticate: Bearer</c>, adding <c>error="invalid_token"</c> when a token was sent and refused.
/// ASP.NET Core's JWT bearer handler does the same, but its options build the legacy <c>JwtSecurityTokenHandler</c>
/// beside the one they use, which loads XML and a second token library into every process at its first
/// authenticated request (≈ 2 MiB resident that stays); all the checking is the token handler's, here as there.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<BearerTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BearerTokenOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, which is also the word in the header.</summary>
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request.Headers.Authorization.ToString()) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        // With an authority the token handler notes on the parameters what it learned from a refused token (refresh the
        // keys, try the last good ones): each request gets its own copy. With a signing key nothing is written to them.
        var parameters = Options.TokenValidationParameters;
        if (parameters.ConfigurationManager is not null)
        {
            parameters = parameters.Clone();
        }

        try
        {
            var result = await Options.TokenHandler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                return Refused(result.Exception ?? new SecurityTokenValidationException("The token was not accepted."));
            }

            // The identity is built from the claims on first read: a signed token with a claim it cannot read is refused too.
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.ClaimsIdentity), Scheme.Name));
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The token is the client's: nothing in it may make the request fail with a 500.
            return Refused(failure);
        }
    }

    private AuthenticateResult Refused(Exception failure)
    {
        Logger.LogInformation("A bearer token was refused: {Reason} ({Failure})", Describe(failure), failure.GetType().Name);
        return AuthenticateResult.Fail(failure);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // A request without a token is told only the scheme: it has nothing to be wrong about (RFC 6750, 3.1).
        Response.Headers.Append(HeaderNames.WWWAuthenticate, failure is null
            ? SchemeName
            : $"{SchemeName} error=\"invalid_token\", error_description=\"{Describe(failure)}\"");
    }

    /// <summary>The token after <c>Bearer </c> (the word in any case), or null when there is none.</summary>
    private static string? TokenOf(string? authorization)
    {
        const string prefix = SchemeName + " ";
        if (authorization is null || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(prefix.Length).Trim();
        return token.IsEmpty ? null : token.ToString();
    }

    /// <summary>Why a token was refused, in words fit for a header: fixed phrases, never the token's own content.</summary>
    private static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The token is expired",
        SecurityTokenNotYetValidException => "The token is not valid yet",
        SecurityTokenNoExpirationException => "The token has no expiration",
        SecurityTokenInvalidLifetimeException => "The token lifetime is invalid",
        SecurityTokenInvalidAudienceException => "The audience is invalid",
        SecurityTokenInvalidIssuerException => "The issuer is invalid",
        SecurityTokenSignatureKeyNotFoundException => "The signature key was not found",
        SecurityTokenInvalidSignatureException => "The signature is invalid",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed",
        _ => "The token was not accepted",
    };
}
