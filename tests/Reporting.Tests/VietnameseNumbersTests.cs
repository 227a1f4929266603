using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace Tthc.Reporting.Tests;

/// <summary>The services run without ICU; their numbers must still read as the vi-VN culture writes them.</summary>
public sealed class VietnameseNumbersTests
{
    [Theory]
    [InlineData(0.5, "P0", "50%")]
    [InlineData(0.125, "P1", "12,5%")]
    [InlineData(-0.5, "P0", "-50%")]
    [InlineData(12.345, "0.00", "12,35")]
    [InlineData(5.5, "0.#", "5,5")]
    [InlineData(1234567d, "N0", "1.234.567")]
    public void Numbers_are_written_as_vietnamese_writes_them(double value, string format, string expected) =>
        Assert.Equal(expected, value.ToString(format, VietnameseNumbers.Format));

    [Fact]
    public void The_tests_run_without_icu_as_the_service_does() =>
        Assert.Throws<CultureNotFoundException>(() => CultureInfo.GetCultureInfo("vi-VN"));
}
