namespace Tthc.Calendar;

/// <summary>
/// The working calendar in force, and the yearly schedules behind it. A replaced schedule takes effect at once for
/// every new computation; whoever holds deadlines computed under the old one recomputes them with
/// <see cref="Preview"/> before <see cref="Apply"/>.
/// </summary>
public sealed class CalendarCatalog
{
    private readonly Lock _gate = new();
    private WorkingCalendar _current;

    public CalendarCatalog(IEnumerable<YearSchedule> schedules) => _current = new WorkingCalendar(schedules);

    /// <summary>The civil-service calendar with the default office hours.</summary>
    public WorkingCalendar Current => Volatile.Read(ref _current);

    /// <summary>Puts stored schedules in force as they are (their versions kept), e.g. at start-up.</summary>
    public void Load(IEnumerable<YearSchedule> schedules)
    {
        lock (_gate)
        {
            var byYear = _current.Schedules.ToDictionary(s => s.Year);
            foreach (var schedule in schedules)
            {
                byYear[schedule.Year] = schedule;
            }

            Volatile.Write(ref _current, new WorkingCalendar(byYear.Values, _current.Hours));
        }
    }

    /// <summary>
    /// The schedule as it would be stored: the next version number of its year. Throws <see cref="ArgumentException"/>
    /// with the validation errors when the schedule is not valid.
    /// </summary>
    public YearSchedule NextVersionOf(YearSchedule schedule)
    {
        var errors = schedule.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(schedule));
        }

        return schedule with { Version = (Current.ScheduleFor(schedule.Year)?.Version ?? 0) + 1, StatutoryOnly = false };
    }

    /// <summary>The calendar as it will be once <paramref name="schedule"/> is in force, without putting it in force.</summary>
    public WorkingCalendar Preview(YearSchedule schedule)
    {
        var byYear = Current.Schedules.ToDictionary(s => s.Year);
        byYear[schedule.Year] = schedule;
        return new WorkingCalendar(byYear.Values, Current.Hours);
    }

    /// <summary>Puts a replacement in force, once it is stored.</summary>
    public void Apply(YearSchedule schedule) => Load([schedule]);
}
