using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Microsoft.Extensions.Hosting;

/// <summary>The roles Tthc knows; a token carries one or more in the <c>role</c> claim.</summary>
public static class TthcRoles
{
    public const string Citizen = "citizen";
    public const string Officer = "officer";
    public const string Leader = "leader";
    public const string Province = "province";
    public const string Platform = "platform";

    /// <summary>Another Tthc service acting on its own (e.g. Apologies asking Cases to reschedule); never a person.</summary>
    public const string Service = "service";

    /// <summary>The roles a person or an outside system may hold (what <c>/dev/token</c> hands out).</summary>
    public static readonly IReadOnlyList<string> All = [Citizen, Officer, Leader, Province, Platform];
}

/// <summary>Headers Tthc's own parts send each other.</summary>
public static class TthcHeaders
{
    /// <summary>
    /// The citizen a public call is made for (their address), sent by the web app beside its service token; the
    /// gateway's per-address limits count the call against that citizen (from anyone else the header is ignored).
    /// </summary>
    public const string ClientAddress = "X-Tthc-Client-Address";
}

/// <summary>Claim names in Tthc tokens.</summary>
public static class TthcClaims
{
    public const string Role = "role";

    /// <summary>The electronic ID code (QCVN 102:2016) of the unit the user works for.</summary>
    public const string Unit = "unit";

    public const string Subject = "sub";

    /// <summary>The person's full name, as it is printed under a signature.</summary>
    public const string Name = "name";

    /// <summary>The person's position (chức vụ), e.g. "Phó Giám đốc": an official document names the signer's capacity from it.</summary>
    public const string Title = "title";
}

/// <summary>Authorization policies shared by the gateway and the services.</summary>
public static class TthcPolicies
{
    /// <summary>Officers, leaders and the provincial office: people who work on dossiers.</summary>
    public const string Staff = "staff";

    /// <summary>Unit leaders (and the provincial office).</summary>
    public const string Leader = "leader";

    /// <summary>The provincial office (KSTTHC).</summary>
    public const string Province = "province";

    /// <summary>The provincial data platform (and the provincial office, and the other Tthc services).</summary>
    public const string Platform = "platform";
}

/// <summary>JWT settings, section <c>Jwt</c>.</summary>
public sealed class JwtSettings
{
    public const string SectionName = "Jwt";

    public string Issuer { get; set; } = "tthc";
    public string Audience { get; set; } = "tthc";

    /// <summary>Symmetric HMAC-SHA256 key, at least 32 bytes. Either this or <see cref="Authority"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Binds the section. There is no fallback key in any environment: a service without a key (or an authority) does
    /// not start, so a token signed with a key everyone can read is never accepted. The AppHost generates a key once per
    /// developer and keeps it in the AppHost's user secrets.
    /// </summary>
    public static JwtSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<JwtSettings>() ?? new JwtSettings();
        if (string.IsNullOrWhiteSpace(settings.SigningKey) && string.IsNullOrWhiteSpace(settings.Authority))
        {
            throw new InvalidOperationException(
                "Configure Jwt:SigningKey (at least 32 bytes) or Jwt:Authority (an OpenID Connect issuer); the AppHost sets Jwt__SigningKey.");
        }

        if (settings.SigningKey is { } key && Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException("Jwt:SigningKey must be at least 32 bytes long.");
        }

        return settings;
    }

    /// <summary>
    /// Where the <see cref="Authority"/>'s OpenID Connect configuration (issuer, signing keys) is read. Outside
    /// Development it must be https: keys read in clear could be anyone's. A bad address stops the start.
    /// </summary>
    public ConfigurationManager<OpenIdConnectConfiguration> ConfigurationManager(bool requireHttps)
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException("Jwt:Authority must be an absolute http(s) address.");
        }

        if (requireHttps && authority.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException("Jwt:Authority must be an https address outside Development.");
        }

        var metadata = Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
        // A slow or endless answer must not hold the requests that wait for the keys: a minute, and 10 MB at most.
        var client = new HttpClient { Timeout = TimeSpan.FromMinutes(1), MaxResponseContentBufferSize = 10 * 1024 * 1024 };
        return new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(client) { RequireHttps = requireHttps });
    }

    public SymmetricSecurityKey? SecurityKey =>
        SigningKey is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
}

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication (issuer, audience, and a signing key or an OIDC authority from <c>Jwt</c>) and the
    /// shared authorization policies. Every service validates the token again: the gateway is not the only door.
    /// </summary>
    public static TBuilder AddTthcAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var settings = JwtSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);

        var validation = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = settings.SecurityKey,
            ValidateIssuerSigningKey = true,
            NameClaimType = TthcClaims.Subject,
            RoleClaimType = TthcClaims.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            // The token handler reads the authority's keys (and issuer) from its configuration, and reads it again when
            // a token is signed with a key it does not know yet: a rotation at the authority needs no restart here.
            validation.ConfigurationManager = settings.ConfigurationManager(requireHttps: !builder.Environment.IsDevelopment());
        }

        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<BearerTokenOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, options => options.TokenValidationParameters = validation);

        builder.Services.WithoutKeyRingWarmUp();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TthcPolicies.Staff, p => p.RequireRole(TthcRoles.Officer, TthcRoles.Leader, TthcRoles.Province))
            .AddPolicy(TthcPolicies.Leader, p => p.RequireRole(TthcRoles.Leader, TthcRoles.Province))
            .AddPolicy(TthcPolicies.Province, p => p.RequireRole(TthcRoles.Province))
            .AddPolicy(TthcPolicies.Platform, p => p.RequireRole(TthcRoles.Platform, TthcRoles.Province, TthcRoles.Service));

        return builder;
    }

    /// <summary>
    /// Authentication for the requests that carry a bearer token. The only scheme reads the <c>Authorization</c>
    /// header, so a request without one would come out of it anonymous anyway: it now skips the work (a request scope,
    /// the handler, an empty identity). A protected endpoint still answers it 401 with <c>WWW-Authenticate: Bearer</c>:
    /// authorization challenges the same scheme. A host with any other scheme registered refuses to start here.
    /// </summary>
    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app)
    {
        var others = app.ApplicationServices.GetRequiredService<IOptions<AuthenticationOptions>>().Value.Schemes
            .Select(scheme => scheme.Name).Where(name => name != BearerTokenHandler.SchemeName).ToArray();
        if (others.Length > 0)
        {
            throw new InvalidOperationException(
                $"Bearer-only authentication skips requests without an Authorization header; it cannot serve {string.Join(", ", others)}.");
        }

        var schemes = app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>();
        // What UseAuthentication marks, without which WebApplication puts authentication for every request in front.
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.Use(next =>
        {
            var authenticate = new AuthenticationMiddleware(next, schemes).Invoke;
            return context => context.Request.Headers.ContainsKey(HeaderNames.Authorization) ? authenticate(context) : next(context);
        });
    }

    /// <summary>The mark <c>UseAuthentication</c> leaves in the application builder's properties (ASP.NET Core's own key).</summary>
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    /// <summary>The mark <c>UseAuthorization</c> leaves (ASP.NET Core's own key).</summary>
    private const string AuthorizationMiddlewareSet = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// <c>UseAuthorization</c> for the requests whose endpoint asks for it (<c>[Authorize]</c>, a policy, a requirement)
    /// and for no others. Without a fallback policy the middleware passes any other request on untouched, so skipping
    /// it changes no answer; an anonymous read through the gateway no longer pays for its step (README, gateway). A
    /// host with a fallback policy, or a policy provider of its own, gets the middleware for every request.
    /// </summary>
    public static IApplicationBuilder UseAuthorizationWhereAsked(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        if (services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy is not null
            || services.GetRequiredService<IAuthorizationPolicyProvider>().GetType() != typeof(DefaultAuthorizationPolicyProvider))
        {
            return app.UseAuthorization();
        }

        // The branch marks its own builder; without the mark here WebApplication puts authorization for every request in front.
        app.Properties[AuthorizationMiddlewareSet] = true;
        return app.UseWhen(AsksForAuthorization, branch => branch.UseAuthorization());
    }

    /// <summary>Whether the request's endpoint carries what <c>AuthorizationMiddleware</c> builds a policy from.</summary>
    private static bool AsksForAuthorization(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<IAuthorizeData>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null);

    /// <summary>DataProtection's hosted service, which reads the key ring at start; the services and the gateway go without it.</summary>
    public const string KeyRingWarmUp = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>
    /// Removes DataProtection's <see cref="KeyRingWarmUp"/>, which reads (or first writes) an XML key ring at every
    /// start, loading XML and its cryptography. A process that checks bearer tokens with the signing key protects
    /// nothing; if anything ever does, the ring is read on first use. Call it after whatever adds DataProtection
    /// (authentication, YARP), which adds the warm-up again when it is missing.
    /// </summary>
    public static IServiceCollection WithoutKeyRingWarmUp(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == KeyRingWarmUp)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }

    /// <summary>The unit ID code the user works for, if the token names one.</summary>
    public static string? UnitCode(this ClaimsPrincipal user) => user.FindFirstValue(TthcClaims.Unit);
}

/// <summary>Which units' data a caller may see: the provincial office and the data platform every unit, others their own.</summary>
public static class UnitScope
{
    public static bool SeesEveryUnit(ClaimsPrincipal user) =>
        user.IsInRole(TthcRoles.Province) || user.IsInRole(TthcRoles.Platform) || user.IsInRole(TthcRoles.Service);

    public static bool CanSee(ClaimsPrincipal user, string unitCode) =>
        SeesEveryUnit(user) || string.Equals(user.UnitCode(), unitCode, StringComparison.Ordinal);

    /// <summary>
    /// The unit filter to apply: the requested unit if the caller may see it, the caller's own unit if none was asked,
    /// or null (every unit) for callers who see all. False when the caller asks for a unit not theirs.
    /// </summary>
    public static bool TryResolve(ClaimsPrincipal user, string? requested, out string? unitCode)
    {
        if (SeesEveryUnit(user))
        {
            unitCode = string.IsNullOrWhiteSpace(requested) ? null : requested;
            return true;
        }

        unitCode = user.UnitCode();
        return unitCode is not null && (string.IsNullOrWhiteSpace(requested) || requested == unitCode);
    }
}
