namespace Tthc.Web;

/// <summary>
/// A dossier's or petition's code and its secret as a person typed them: trimmed, then each 1–40 characters. Checked
/// after trimming — a code of spaces is no code (checked before, it reached another route and failed the page).
/// </summary>
public static class TypedCode
{
    public static bool TryRead(string? code, string? secret, out string trimmedCode, out string trimmedSecret)
    {
        (trimmedCode, trimmedSecret) = (code?.Trim() ?? "", secret?.Trim() ?? "");
        return trimmedCode.Length is > 0 and <= 40 && trimmedSecret.Length is > 0 and <= 40;
    }
}
