namespace Tthc.Calendar;

/// <summary>
/// Working time of one unit's week and office hours under the national holidays and yearly schedules, for dates from
/// 1970 to 2199. Built once (a day-by-day index of working days), then every deadline is a few array reads: no loop
/// over days and no allocation on the hot path.
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly DateOnly MinDate = new(HolidayRules.FirstYear, 1, 1);
    public static readonly DateOnly MaxDate = new(HolidayRules.LastYear, 12, 31);

    /// <summary>The longest statutory time a deadline may have, in working days.</summary>
    public const int MaxWorkingDays = 1000;

    private const byte Working = 0;
    private const byte RestDay = 1;
    private const byte Holiday = 2;
    private const byte Compensatory = 3;
    private const byte SwapOff = 4;

    private readonly int _firstDayNumber = MinDate.DayNumber;
    private readonly byte[] _kinds;
    private readonly int[] _workingDaysBefore; // per day: how many working days precede it
    private readonly int[] _workingDays;       // day offsets of the working days, in order
    private readonly Dictionary<DateOnly, string> _names = [];
    private readonly Dictionary<int, YearSchedule> _schedules;
    private readonly IReadOnlySet<DayOfWeek>? _restDays;

    /// <param name="schedules">The yearly schedules in force (at most one per year).</param>
    /// <param name="hours">Office hours; <see cref="OfficeHours.Default"/> when null.</param>
    /// <param name="restDays">Weekly rest days of a unit that departs from the civil service's (Saturday and Sunday,
    /// Sunday only before October 1999); null (or Saturday and Sunday) for the civil service's. Such a unit gets
    /// compensatory days for holidays on its own rest days and is not bound by the yearly swaps.</param>
    public WorkingCalendar(IEnumerable<YearSchedule> schedules, OfficeHours? hours = null, IReadOnlySet<DayOfWeek>? restDays = null)
    {
        Hours = hours ?? OfficeHours.Default;
        if (!Hours.IsValid)
        {
            throw new ArgumentException("Office hours must be a morning then an afternoon, each longer than an hour.", nameof(hours));
        }

        _restDays = restDays is null || IsCivilServiceWeek(restDays) ? null : restDays;
        _schedules = schedules.ToDictionary(s => s.Year);
        var dayCount = MaxDate.DayNumber - _firstDayNumber + 1;
        _kinds = new byte[dayCount];
        for (var i = 0; i < dayCount; i++)
        {
            _kinds[i] = IsRestDay(DateOnly.FromDayNumber(_firstDayNumber + i)) ? RestDay : Working;
        }

        for (var year = HolidayRules.FirstYear; year <= HolidayRules.LastYear; year++)
        {
            var (daysOff, workingWeekends) = HolidayRules.ForYear(year, _schedules.GetValueOrDefault(year), _restDays is null ? null : IsRestDay);
            foreach (var weekend in workingWeekends)
            {
                if (TryIndex(weekend.Date, out var i))
                {
                    _kinds[i] = Working;
                    _names[weekend.Date] = weekend.Reason;
                }
            }

            foreach (var day in daysOff)
            {
                // A holiday on a rest day is reported as the holiday: the explanation names what the day held.
                if (TryIndex(day.Date, out var i))
                {
                    _kinds[i] = day.Kind switch
                    {
                        DayOffKind.Holiday => Holiday,
                        DayOffKind.Compensatory => Compensatory,
                        _ => SwapOff,
                    };
                    _names[day.Date] = day.Name;
                }
            }
        }

        _workingDaysBefore = new int[dayCount + 1];
        var working = new List<int>(dayCount * 5 / 7 + 1);
        for (var i = 0; i < dayCount; i++)
        {
            _workingDaysBefore[i] = working.Count;
            if (_kinds[i] == Working)
            {
                working.Add(i);
            }
        }

        _workingDaysBefore[dayCount] = working.Count;
        _workingDays = working.ToArray();
    }

    public OfficeHours Hours { get; }

    /// <summary>The schedule in force for a year, or null when the year follows the statutory rule alone.</summary>
    public YearSchedule? ScheduleFor(int year) => _schedules.GetValueOrDefault(year);

    public IEnumerable<YearSchedule> Schedules => _schedules.Values.OrderBy(s => s.Year);

    public bool IsWorkingDay(DateOnly date) =>
        TryIndex(date, out var i) ? _kinds[i] == Working : throw OutOfRange(date);

    /// <summary>
    /// The appointment for a dossier received at <paramref name="receivedAt"/> with a statutory time of
    /// <paramref name="workingDays"/> (whole or half days), per Decree 118/2025 and the Civil Code's counting rules:
    /// the day of receipt is not counted; received in the morning (afternoon), due at the end of the morning
    /// (afternoon) of the N-th working day after; receipts outside office hours count from the next working half-day,
    /// online receipts in the last hour of the day or later from the next working day. A same-day procedure received
    /// before 15:00 is due at the end of that day, else at the end of the next working day.
    /// </summary>
    public Deadline Compute(DateTimeOffset receivedAt, double workingDays, bool online = false, bool sameDay = false)
    {
        var halfDays = workingDays * 2;
        if (halfDays != Math.Floor(halfDays) || workingDays < 0 || workingDays > MaxWorkingDays || (workingDays == 0) != sameDay)
        {
            throw new ArgumentOutOfRangeException(nameof(workingDays), workingDays,
                "A whole or half number of working days, more than 0 unless the procedure is same-day (then 0).");
        }

        var local = receivedAt.ToOffset(VietnamTime.Offset);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!TryIndex(date, out var day))
        {
            throw OutOfRange(date);
        }

        // The effective receipt, as a half-day index (2 per working day) and the instant counting starts.
        int halfDay;
        TimeOnly countsFromTime;
        var isWorking = _kinds[day] == Working;
        var ordinal = _workingDaysBefore[day];
        if (isWorking && !(online && time >= Hours.OnlineCutOff) && time <= Hours.AfternoonEnd)
        {
            var morning = time <= Hours.MorningEnd;
            halfDay = 2 * ordinal + (morning ? 0 : 1);
            var start = morning ? Hours.MorningStart : Hours.AfternoonStart;
            countsFromTime = time > start ? time : start;
        }
        else
        {
            halfDay = 2 * (isWorking ? ordinal + 1 : ordinal);
            countsFromTime = Hours.MorningStart;
        }

        int dueHalfDay;
        if (sameDay)
        {
            // The 15:00 rule looks at the clock, not at the half-day: before 15:00 on a working day, due that evening.
            var dueDay = isWorking && time < OfficeHours.SameDayCutOff && !(online && time >= Hours.OnlineCutOff)
                ? ordinal
                : (isWorking ? ordinal + 1 : ordinal);
            dueHalfDay = 2 * dueDay + 1;
        }
        else
        {
            dueHalfDay = halfDay + (int)halfDays;
        }

        if (dueHalfDay / 2 >= _workingDays.Length)
        {
            throw OutOfRange(MaxDate);
        }

        return new Deadline(
            receivedAt,
            At(_workingDays[halfDay / 2], countsFromTime),
            At(_workingDays[dueHalfDay / 2], dueHalfDay % 2 == 0 ? Hours.MorningEnd : Hours.AfternoonEnd));
    }

    /// <summary>Working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when to ≤ from).</summary>
    public int WorkingDaysAfter(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }

        if (!TryIndex(from, out var a) || !TryIndex(to, out var b))
        {
            throw OutOfRange(to);
        }

        return _workingDaysBefore[b + 1] - _workingDaysBefore[a + 1];
    }

    /// <summary>
    /// The start of the <paramref name="workingDays"/>-th working day before the one an appointment falls on; with one,
    /// the last day a unit can still apologise "at least one working day before" (the due-soon moment).
    /// </summary>
    public DateTimeOffset StartOfWorkingDayBefore(DateTimeOffset appointment, int workingDays = 1)
    {
        var date = VietnamTime.DateOf(appointment);
        if (!TryIndex(date, out var day))
        {
            throw OutOfRange(date);
        }

        var ordinal = _workingDaysBefore[day]; // working days before the appointment's day
        return ordinal < workingDays ? At(day, Hours.MorningStart) : At(_workingDays[ordinal - workingDays], Hours.MorningStart);
    }

    /// <summary>The days between two dates (both included) that were not worked, and why.</summary>
    public IReadOnlyList<SkippedDay> SkippedBetween(DateOnly from, DateOnly to)
    {
        var skipped = new List<SkippedDay>();
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            if (!TryIndex(date, out var i) || _kinds[i] == Working)
            {
                continue;
            }

            skipped.Add(_kinds[i] switch
            {
                RestDay => new SkippedDay(date, "weekend", VietnamTime.WeekdayName(date)),
                Holiday => new SkippedDay(date, "holiday", _names[date]),
                Compensatory => new SkippedDay(date, "compensatory", _names[date]),
                _ => new SkippedDay(date, "swap-off", _names[date]),
            });
        }

        return skipped;
    }

    /// <summary>Why a working weekend is worked, or null when the date is not one.</summary>
    public string? WorkingWeekendReason(DateOnly date) =>
        IsRestDay(date) && TryIndex(date, out var i) && _kinds[i] == Working ? _names.GetValueOrDefault(date) : null;

    /// <summary>Office time (minutes) worked between two instants.</summary>
    public double WorkingMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }

        var start = from.ToOffset(VietnamTime.Offset);
        var end = to.ToOffset(VietnamTime.Offset);
        var total = 0.0;
        for (var date = DateOnly.FromDateTime(start.DateTime); date <= DateOnly.FromDateTime(end.DateTime); date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            foreach (var (sessionStart, sessionEnd) in Sessions(date))
            {
                var a = sessionStart > start ? sessionStart : start;
                var b = sessionEnd < end ? sessionEnd : end;
                if (b > a)
                {
                    total += (b - a).TotalMinutes;
                }
            }
        }

        return total;
    }

    /// <summary>The instant <paramref name="minutes"/> of office time after <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingMinutes(DateTimeOffset from, double minutes)
    {
        var cursor = from.ToOffset(VietnamTime.Offset);
        var left = minutes;
        for (var date = DateOnly.FromDateTime(cursor.DateTime); left > 0; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            foreach (var (sessionStart, sessionEnd) in Sessions(date))
            {
                var a = sessionStart > cursor ? sessionStart : cursor;
                if (sessionEnd <= a)
                {
                    continue;
                }

                var available = (sessionEnd - a).TotalMinutes;
                if (available >= left)
                {
                    return a.AddMinutes(left);
                }

                left -= available;
                cursor = sessionEnd;
            }
        }

        return cursor;
    }

    /// <summary>
    /// A deadline moved on by the office time spent in paused intervals (a procedure whose supplement time "does not
    /// count") that began before it was due.
    /// </summary>
    public Deadline ExtendForPauses(Deadline deadline, IEnumerable<(DateTimeOffset From, DateTimeOffset To)> pauses)
    {
        var paused = pauses
            .Where(p => p.From < deadline.DueAt)
            .Sum(p => WorkingMinutesBetween(p.From > deadline.CountsFrom ? p.From : deadline.CountsFrom, p.To));
        return deadline with { DueAt = AddWorkingMinutes(deadline.DueAt, paused) };
    }

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Sessions(DateOnly date)
    {
        yield return (At(date, Hours.MorningStart), At(date, Hours.MorningEnd));
        yield return (At(date, Hours.AfternoonStart), At(date, Hours.AfternoonEnd));
    }

    /// <summary>The unit's weekly rest days, or null when it keeps the civil service's week.</summary>
    public IReadOnlySet<DayOfWeek>? RestDays => _restDays;

    private static bool IsCivilServiceWeek(IReadOnlySet<DayOfWeek> restDays) =>
        restDays.Count == 2 && restDays.Contains(DayOfWeek.Saturday) && restDays.Contains(DayOfWeek.Sunday);

    private bool IsRestDay(DateOnly date) =>
        _restDays is null ? HolidayRules.IsCivilServiceRestDay(date) : _restDays.Contains(date.DayOfWeek);

    private DateTimeOffset At(int dayOffset, TimeOnly time) => At(DateOnly.FromDayNumber(_firstDayNumber + dayOffset), time);

    private static DateTimeOffset At(DateOnly date, TimeOnly time) => VietnamTime.At(date, time);

    private bool TryIndex(DateOnly date, out int index)
    {
        index = date.DayNumber - _firstDayNumber;
        return (uint)index < (uint)_kinds.Length;
    }

    private static ArgumentOutOfRangeException OutOfRange(DateOnly date) =>
        new(nameof(date), date, $"Working time is known from {MinDate:O} to {MaxDate:O}.");

}
