using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tthc.Notifications.Data;

/// <summary>
/// Keeps the lookup secrets the notices' links need encrypted at rest (AES-GCM), and signs the opt-out links (HMAC),
/// with keys derived from <c>Notifications:SecretKey</c> or, without one, from the token signing key every replica shares.
/// </summary>
public sealed class SecretBox
{
    private readonly byte[] _encryptionKey;
    private readonly byte[] _signingKey;

    public SecretBox(IOptions<NotificationsOptions> options, IConfiguration configuration)
    {
        var material = options.Value.SecretKey is { Length: > 0 } own ? own : configuration["Jwt:SigningKey"];
        if (material is not { Length: >= 32 })
        {
            throw new InvalidOperationException("Notifications:SecretKey (or Jwt:SigningKey) must be at least 32 characters.");
        }

        var secret = Encoding.UTF8.GetBytes(material);
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "tthc/notifications/lookup-secrets"u8.ToArray());
        _signingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "tthc/notifications/opt-out"u8.ToArray());
    }

    public string Protect(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var sealedBox = new byte[12 + data.Length + 16];
        var nonce = sealedBox.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, data, sealedBox.AsSpan(12, data.Length), sealedBox.AsSpan(12 + data.Length));
        return Base64Url.EncodeToString(sealedBox);
    }

    /// <summary>The secret, or null when the box was made with another key or was altered.</summary>
    public string? Unprotect(string? protectedText)
    {
        try
        {
            var box = protectedText is null ? [] : Base64Url.DecodeFromChars(protectedText);
            if (box.Length < 28)
            {
                return null;
            }

            var plain = new byte[box.Length - 28];
            using var aes = new AesGcm(_encryptionKey, 16);
            aes.Decrypt(box.AsSpan(0, 12), box.AsSpan(12, plain.Length), box.AsSpan(12 + plain.Length), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The token of a dossier's (or petition's) opt-out link: whoever holds a notice may stop the next ones.</summary>
    public string OptOutToken(string about) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes("opt-out:" + about)))[..22];

    public bool IsOptOutToken(string about, string? token) =>
        token is { Length: 22 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(OptOutToken(about)), Encoding.UTF8.GetBytes(token));
}
