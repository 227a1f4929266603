using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Tthc.Calendar;

// dotnet run -c Release --project bench/Calendar.Benchmarks
var summary = BenchmarkRunner.Run<DeadlineBenchmarks>(
    DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("ShortRun")).WithOptions(ConfigOptions.DisableOptimizationsValidator));

Console.WriteLine();
foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
{
    var perSecond = 1e9 / report.ResultStatistics!.Mean;
    Console.WriteLine($"{report.BenchmarkCase.Descriptor.WorkloadMethod.Name,-24} {perSecond,14:N0} deadlines/s on one core");
}

/// <summary>
/// Deadline computation with the precomputed working-day index, beside a naive loop that walks the days one by one
/// asking whether each is worked. Each operation is one deadline; inputs vary across 1976–2100.
/// </summary>
[MemoryDiagnoser]
public class DeadlineBenchmarks
{
    private const int Batch = 4096;

    private readonly WorkingCalendar _calendar = new(YearSchedule.Shipped);
    private readonly DateTimeOffset[] _received = new DateTimeOffset[Batch];
    private readonly double[] _days = new double[Batch];
    private HashSet<DateOnly> _daysOff = [];
    private HashSet<DateOnly> _workedWeekends = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260229);
        var first = new DateOnly(1976, 1, 1).DayNumber;
        var last = new DateOnly(2100, 12, 1).DayNumber;
        for (var i = 0; i < Batch; i++)
        {
            var date = DateOnly.FromDayNumber(random.Next(first, last));
            _received[i] = new DateTimeOffset(date.ToDateTime(new TimeOnly(random.Next(0, 24), random.Next(0, 60))), TimeSpan.FromHours(7));
            _days[i] = random.Next(1, 61) / 2.0;
        }

        var days = new List<DayOff>();
        var weekends = new List<WorkingWeekend>();
        for (var year = 1975; year <= 2101; year++)
        {
            var (off, worked) = HolidayRules.ForYear(year, _calendar.ScheduleFor(year));
            days.AddRange(off);
            weekends.AddRange(worked);
        }

        _daysOff = days.Select(d => d.Date).ToHashSet();
        _workedWeekends = weekends.Select(w => w.Date).ToHashSet();

        // Two implementations of one rule: they must agree before their speeds mean anything.
        for (var i = 0; i < Batch; i++)
        {
            if (Naive(_received[i], _days[i]) != _calendar.Compute(_received[i], _days[i]).DueAt)
            {
                throw new InvalidOperationException($"The two disagree for {_received[i]:O} + {_days[i]} days.");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public DateTimeOffset NaiveDayByDayLoop()
    {
        var last = default(DateTimeOffset);
        for (var i = 0; i < Batch; i++)
        {
            last = Naive(_received[i], _days[i]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public DateTimeOffset WorkingDayIndex()
    {
        var last = default(DateTimeOffset);
        for (var i = 0; i < Batch; i++)
        {
            last = _calendar.Compute(_received[i], _days[i]).DueAt;
        }

        return last;
    }

    // The same rules, one half-day at a time: what a first implementation usually looks like.
    private DateTimeOffset Naive(DateTimeOffset receivedAt, double workingDays)
    {
        var hours = OfficeHours.Default;
        var local = receivedAt.ToOffset(TimeSpan.FromHours(7));
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);

        int half; // 0 morning, 1 afternoon
        if (IsWorking(date) && time <= hours.AfternoonEnd)
        {
            half = time <= hours.MorningEnd ? 0 : 1;
        }
        else
        {
            do
            {
                date = date.AddDays(1);
            }
            while (!IsWorking(date));
            half = 0;
        }

        for (var remaining = (int)(workingDays * 2); remaining > 0; remaining--)
        {
            if (++half == 2)
            {
                half = 0;
                do
                {
                    date = date.AddDays(1);
                }
                while (!IsWorking(date));
            }
        }

        return new DateTimeOffset(date.ToDateTime(half == 0 ? hours.MorningEnd : hours.AfternoonEnd), TimeSpan.FromHours(7));
    }

    private bool IsWorking(DateOnly date) =>
        _workedWeekends.Contains(date) || (!HolidayRules.IsCivilServiceRestDay(date) && !_daysOff.Contains(date));
}
