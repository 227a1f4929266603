using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tthc.Gateway.Tests;

/// <summary>
/// The web app's key ring sealed with a certificate (<c>Web:KeysCertificate</c>, a PEM pair as a Kubernetes TLS secret
/// mounts it): no key in the clear on its volume, and another replica — or the next start — with the same pair reads it.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tthc-keyring-");

    private DirectoryInfo Ring => _root.CreateSubdirectory("ring");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void A_ring_sealed_with_the_certificate_holds_no_key_in_the_clear_and_another_replica_reads_it()
    {
        var current = Pem("current");
        var sealedText = Protector(Settings(current)).Protect("phiên đăng nhập");

        var ring = Assert.Single(Ring.GetFiles("key-*.xml"));
        Assert.Contains("<EncryptedData", File.ReadAllText(ring.FullName), StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", File.ReadAllText(ring.FullName), StringComparison.Ordinal); // the key in the clear, before
        Assert.Equal("phiên đăng nhập", Protector(Settings(current)).Unprotect(sealedText));

        // The certificate replaced: the old one, kept as the previous, still opens what it sealed.
        var next = Pem("next");
        Assert.Equal("phiên đăng nhập", Protector(Settings(next, previous: current)).Unprotect(sealedText));
        Assert.ThrowsAny<CryptographicException>(() => Protector(Settings(next)).Unprotect(sealedText));
    }

    [Fact]
    public void Without_a_certificate_the_ring_is_as_before_and_an_unreadable_one_stops_the_start()
    {
        Assert.Equal("x", Protector([]).Unprotect(Protector([]).Protect("x")));

        var missing = new Dictionary<string, string?> { ["Web:KeysCertificate"] = Path.Combine(_root.FullName, "none.crt") };
        var error = Assert.Throws<InvalidOperationException>(() => Protector(missing));
        Assert.StartsWith("Web:KeysCertificate: the certificate", error.Message, StringComparison.Ordinal);
    }

    private IDataProtector Protector(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("tthc-web").PersistKeysToFileSystem(Ring)
            .ProtectKeysWithConfiguredCertificate(configuration, "Web");
        return services.BuildServiceProvider().GetDataProtectionProvider().CreateProtector("test");
    }

    private static Dictionary<string, string?> Settings((string Certificate, string Key) current, (string Certificate, string Key)? previous = null)
    {
        var settings = new Dictionary<string, string?> { ["Web:KeysCertificate"] = current.Certificate, ["Web:KeysCertificateKey"] = current.Key };
        if (previous is { } old)
        {
            (settings["Web:KeysPreviousCertificate"], settings["Web:KeysPreviousCertificateKey"]) = (old.Certificate, old.Key);
        }

        return settings;
    }

    /// <summary>A self-signed RSA certificate written as tls.crt and tls.key, as a Kubernetes TLS secret mounts them.</summary>
    private (string Certificate, string Key) Pem(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=tthc-web-keys-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // Fixed dates (the tests read no wall clock); DataProtection does not look at a certificate's validity.
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var folder = _root.CreateSubdirectory(name).FullName;
        var paths = (Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"));
        File.WriteAllText(paths.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(paths.Item2, rsa.ExportPkcs8PrivateKeyPem());
        return paths;
    }
}
