namespace Tthc.Reporting.Domain;

/// <summary>
/// One unit's flows in one half of a calendar month: the 1st to the 14th, or the 15th to the month's end
/// (<see cref="Half"/> is its first day). Official periods (Decree 09/2019) run from the 15th to the 14th, so their
/// partial months are whole halves: a report reads two rows per unit for them instead of a row per day.
/// </summary>
public sealed class UnitHalfMonthCounter : Counters
{
    /// <summary>The day a half starts on, the 1st or the 15th.</summary>
    public const int SecondHalfStarts = 15;

    public required DateOnly Half { get; init; }

    /// <summary>The first day of the half <paramref name="day"/> is in.</summary>
    public static DateOnly HalfOf(DateOnly day) => new(day.Year, day.Month, day.Day < SecondHalfStarts ? 1 : SecondHalfStarts);
}
