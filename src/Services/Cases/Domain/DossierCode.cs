using System.Globalization;

namespace Tthc.Cases.Domain;

/// <summary>A dossier's code: <c>&lt;unit ID code&gt;-&lt;YYMMDD&gt;-&lt;sequence, at least 4 digits&gt;</c> (Circular 04/2025).</summary>
public static class DossierCode
{
    public static string Of(string unitCode, DateOnly day, int sequence) =>
        $"{unitCode}-{day.ToString("yyMMdd", CultureInfo.InvariantCulture)}-{sequence.ToString("D4", CultureInfo.InvariantCulture)}";
}
