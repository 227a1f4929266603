namespace Tthc.Cases.Data;

/// <summary>A yearly schedule an administrator put in force, kept so that a restart keeps it.</summary>
public sealed class CalendarScheduleRecord
{
    public required int Year { get; init; }

    public required int Version { get; set; }

    /// <summary>The schedule as JSON (<see cref="Tthc.Calendar.YearSchedule"/>).</summary>
    public required string Json { get; set; }

    public required DateTimeOffset ReplacedAt { get; set; }

    public required string ReplacedBy { get; set; }
}
