using System.Text.RegularExpressions;

namespace Tthc.Contracts;

/// <summary>Mã định danh điện tử: a unit's electronic ID code (QCVN 102:2016), up to 13 digits, capitals and dots, e.g. <c>000.00.15.H15</c>.</summary>
public static partial class UnitCode
{
    public const int MaxLength = 13;

    /// <summary>The bilingual reason a value is not a unit code, for a 400 or 422 naming the field.</summary>
    public const string Invalid = "Mã định danh đơn vị gồm tối đa 13 ký tự chữ số, chữ in hoa và dấu chấm / a unit code is up to 13 digits, capitals and dots.";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex(@"^[0-9A-Z.]{1,13}$")]
    private static partial Regex Pattern();
}
