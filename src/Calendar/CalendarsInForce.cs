using System.Collections.Concurrent;

namespace Tthc.Calendar;

/// <summary>
/// The working calendars in force — the civil service's, and one per unit week (rest days, office hours) that departs
/// from it — and the yearly schedules behind them. A replaced schedule takes effect at once for every new computation;
/// whoever holds deadlines computed under the old one recomputes them with <see cref="Preview"/> before <see cref="Apply"/>.
/// </summary>
public sealed class CalendarsInForce
{
    private readonly Lock _gate = new();
    private InForce _inForce;

    public CalendarsInForce(IEnumerable<YearSchedule> schedules) => _inForce = new(new WorkingCalendar(schedules));

    /// <summary>The civil-service calendar with the default office hours.</summary>
    public WorkingCalendar Current => Volatile.Read(ref _inForce).Default;

    /// <summary>
    /// The calendar of a unit with its own office hours and weekly rest days (either null: the civil service's), built
    /// once per distinct week and kept until a schedule changes.
    /// </summary>
    public WorkingCalendar For(OfficeHours? hours, IReadOnlyCollection<DayOfWeek>? restDays)
    {
        var inForce = Volatile.Read(ref _inForce);
        if (hours is null && restDays is null)
        {
            return inForce.Default;
        }

        var key = $"{hours}|{(restDays is null ? "" : string.Join(',', restDays.Distinct().Order()))}";
        return inForce.ByWeek.GetOrAdd(key, _ => new WorkingCalendar(inForce.Default.Schedules, hours, restDays?.ToHashSet()));
    }

    /// <summary>Puts stored schedules in force as they are (their versions kept), e.g. at start-up.</summary>
    public void Load(IEnumerable<YearSchedule> schedules)
    {
        lock (_gate)
        {
            var byYear = Current.Schedules.ToDictionary(s => s.Year);
            foreach (var schedule in schedules)
            {
                byYear[schedule.Year] = schedule;
            }

            Volatile.Write(ref _inForce, new InForce(new WorkingCalendar(byYear.Values, Current.Hours)));
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

    /// <summary>The calendars as they will be once <paramref name="schedule"/> is in force, without putting it in force.</summary>
    public CalendarsInForce Preview(YearSchedule schedule)
    {
        var byYear = Current.Schedules.ToDictionary(s => s.Year);
        byYear[schedule.Year] = schedule;
        return new CalendarsInForce(byYear.Values);
    }

    /// <summary>Puts a replacement in force, once it is stored.</summary>
    public void Apply(YearSchedule schedule) => Load([schedule]);

    /// <summary>One set of schedules and the calendars built on it, replaced together.</summary>
    private sealed record InForce(WorkingCalendar Default)
    {
        public ConcurrentDictionary<string, WorkingCalendar> ByWeek { get; } = new(StringComparer.Ordinal);
    }
}
