using System.Globalization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Numbers and percentages as Vietnamese writes them, as the vi-VN culture gives them ("5,5", "1.234.567", "12,5%"; its
/// currency settings are not copied), written out here because the services run without ICU (invariant globalization),
/// where no culture but the invariant one exists.
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
