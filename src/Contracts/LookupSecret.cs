using System.Security.Cryptography;
using System.Text;

namespace Tthc.Contracts;

/// <summary>
/// The secret on a citizen's receipt — a dossier's (its public lookup, the citizen's copy of an apology, the
/// withdrawal, the rating) or a petition's (following it): ten characters of Crockford's base 32 (no I, L, O or U;
/// 50 bits), printed as <c>7KQ2M-XD94T</c>. Only a salted hash is stored; a lost secret is replaced, never shown again.
/// </summary>
public static class LookupSecret
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 10;

    /// <summary>Wrong secrets a dossier takes before its lookup locks.</summary>
    public const int FreeFailures = 10;

    /// <summary>A new secret, grouped for reading aloud: <c>XXXXX-XXXXX</c>.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        RandomNumberGenerator.GetItems(Alphabet, chars);
        return string.Concat(chars[..5], "-", chars[5..]);
    }

    /// <summary>The stored form: SHA-256 of the dossier's (petition's) code and the secret (the code salts it), base 64.</summary>
    public static string Hash(string dossierCode, string secret) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{dossierCode}\n{Normalise(secret) ?? throw new ArgumentException("not a lookup secret", nameof(secret))}")));

    /// <summary>
    /// Whether what a citizen typed is the dossier's secret: case, spaces and dashes do not matter, and the letters
    /// people mistake for digits (O, I, L) count as the digits.
    /// </summary>
    public static bool Matches(string dossierCode, string? given, string? storedHash)
    {
        if (storedHash is null || Normalise(given) is not { } normalised)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Convert.FromBase64String(storedHash), SHA256.HashData(Encoding.UTF8.GetBytes($"{dossierCode}\n{normalised}")));
    }

    /// <summary>How long the lookup stays shut after the given number of wrong secrets: none for the first nine, then a
    /// minute, doubling with every further one, at most a day.</summary>
    public static TimeSpan LockFor(int failures) => failures < FreeFailures
        ? TimeSpan.Zero
        : TimeSpan.FromMinutes(Math.Min(24 * 60, Math.Pow(2, Math.Min(failures - FreeFailures, 11))));

    /// <summary>What a citizen typed, as the receipt prints it (<c>XXXXX-XXXXX</c>); null when it is not a secret's shape.</summary>
    public static string? Canonical(string? given) => Normalise(given) is { } normalised ? $"{normalised[..5]}-{normalised[5..]}" : null;

    private static string? Normalise(string? given)
    {
        if (given is null || given.Length > 3 * Length)
        {
            return null;
        }

        var result = new StringBuilder(Length);
        foreach (var raw in given)
        {
            var c = char.ToUpperInvariant(raw) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (c is '-' or ' ')
            {
                continue;
            }

            if (!Alphabet.Contains(c) || result.Length == Length)
            {
                return null;
            }

            result.Append(c);
        }

        return result.Length == Length ? result.ToString() : null;
    }
}
