using System.Globalization;

namespace Tthc.Tests;

/// <summary>
/// The instant every service test's clock starts at: Tuesday 1 December 2026, 10:00 in Vietnam (an ordinary working
/// morning), or the ISO 8601 instant in <c>TTHC_TEST_NOW</c>, so the suite can be run as if on New Year's Eve, before
/// Tết, on a holiday. A test that needs a particular day moves its factory's clock there itself.
/// </summary>
public static class TestClock
{
    public const string Variable = "TTHC_TEST_NOW";

    public static DateTimeOffset Start { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime()
            : new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    /// <summary>The Vietnam date of an instant.</summary>
    public static DateOnly VietnamDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(7)).DateTime);
}
