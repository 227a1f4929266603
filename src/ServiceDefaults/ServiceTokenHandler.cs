using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Signs the calls one Tthc service makes to another with a short-lived token in role <see cref="TthcRoles.Service"/>,
/// made with the signing key every service shares. A deployment whose tokens come from an OIDC authority needs a
/// client-credentials handler instead; this one then refuses to start the call.
/// </summary>
public sealed class ServiceTokenHandler(JwtSettings settings, TimeProvider time, IHostEnvironment environment) : DelegatingHandler
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private (string Token, DateTimeOffset RenewAt)? _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        return base.SendAsync(request, cancellationToken);
    }

    private string Token()
    {
        var now = time.GetUtcNow();
        if (_current is { } current && now < current.RenewAt)
        {
            return current.Token;
        }

        var key = settings.SecurityKey
            ?? throw new InvalidOperationException("Service-to-service calls need Jwt:SigningKey (or a client-credentials handler).");
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(
            [
                new Claim(TthcClaims.Subject, $"service:{environment.ApplicationName}"),
                new Claim(TthcClaims.Role, TthcRoles.Service),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        _current = (token, now + Lifetime / 2);
        return token;
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>Adds a <see cref="ServiceTokenHandler"/> to an HttpClient (or gRPC client) that calls another Tthc service.</summary>
    public static IHttpClientBuilder AddServiceToken(this IHttpClientBuilder builder)
    {
        builder.Services.AddTransient<ServiceTokenHandler>();
        return builder.AddHttpMessageHandler<ServiceTokenHandler>();
    }

    /// <summary>
    /// A gRPC client of another Tthc service, on its Http2 endpoint found by service discovery
    /// (<c>http://_grpc.{service}</c>, or the address in <c>{service}:GrpcAddress</c>), signed with a service token.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(this IHostApplicationBuilder builder, string service) where TClient : class =>
        builder.Services.AddGrpcClient<TClient>(o =>
                o.Address = new Uri(builder.Configuration[$"{service}:GrpcAddress"] ?? $"http://_grpc.{service}"))
            .AddServiceToken();
}
