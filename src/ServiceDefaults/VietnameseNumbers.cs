using System.Globalization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Numbers as Vietnamese writes them, the same as the vi-VN culture gives ("5,5", "1.234.567", "12,5%"), written out
/// here because the services run without ICU (invariant globalization), where no culture but the invariant one exists.
/// </summary>
public static class VietnameseNumbers
{
    public static readonly NumberFormatInfo Format = NumberFormatInfo.ReadOnly(new NumberFormatInfo
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        PercentDecimalSeparator = ",",
        PercentGroupSeparator = ".",
        PercentPositivePattern = 1, // "50%"
        PercentNegativePattern = 1, // "-50%"
    });
}
