using System.Buffers.Text;
using System.Text;

namespace Tthc.Cases.Data;

/// <summary>Opaque page cursors: the last row's key, base64url-encoded so clients do not build them.</summary>
internal static class PageCursor
{
    /// <summary>Rows in a page when the caller does not say, and at most.</summary>
    public const int DefaultPageSize = 50, MaxPageSize = 200;

    public static string Encode(long lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"v1:{lastId}"));

    public static bool TryDecode(string cursor, out long lastId)
    {
        lastId = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("v1:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(3), out lastId) && lastId > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
