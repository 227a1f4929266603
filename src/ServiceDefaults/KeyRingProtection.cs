using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A key ring sealed at rest with a certificate: DataProtection's keys (which seal sign-in cookies and forms'
/// antiforgery tokens) are otherwise written as plain XML, and anyone who reads their volume can forge a session. The
/// certificate is a PEM pair — a <c>kubernetes.io/tls</c> secret's <c>tls.crt</c> and <c>tls.key</c> mounted as files —
/// named by <c>{section}:KeysCertificate</c> and <c>{section}:KeysCertificateKey</c>; every replica reads the ring with
/// the same pair. A certificate being replaced stays readable for the keys it sealed as
/// <c>{section}:KeysPreviousCertificate</c> (and <c>…Key</c>). None configured: the ring stays as it was.
/// </summary>
public static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration, string section)
    {
        var current = Load(configuration, $"{section}:KeysCertificate");
        if (current is null)
        {
            return builder;
        }

        var previous = Load(configuration, $"{section}:KeysPreviousCertificate");
        return builder.ProtectKeysWithCertificate(current)
            .UnprotectKeysWithAnyCertificate(previous is null ? [current] : [current, previous]);
    }

    private static X509Certificate2? Load(IConfiguration configuration, string setting)
    {
        if (configuration[setting] is not { Length: > 0 } certificate)
        {
            return null;
        }

        var key = configuration[setting + "Key"];
        try
        {
            var loaded = X509Certificate2.CreateFromPemFile(certificate, string.IsNullOrEmpty(key) ? null : key);
            return loaded.GetRSAPrivateKey() is not null
                ? loaded
                : throw new InvalidOperationException($"{setting}: the key ring is sealed with an RSA key, and '{certificate}' has none beside it.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"{setting}: the certificate '{certificate}' (key '{key}') could not be read: {exception.Message}", exception);
        }
    }
}
