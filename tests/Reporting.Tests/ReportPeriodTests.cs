extern alias ReportingService;

using ReportPeriod = ReportingService::Tthc.Reporting.Domain.ReportPeriod;

namespace Tthc.Reporting.Tests;

public sealed class ReportPeriodTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    // Decree 09/2019: the 15th of the month before to the 14th.
    [InlineData("month", 2026, 1, "2025-12-15", "2026-01-14")]
    [InlineData("month", 2026, 3, "2026-02-15", "2026-03-14")]
    [InlineData("month", 2024, 12, "2024-11-15", "2024-12-14")]
    [InlineData("quarter", 2026, 1, "2025-12-15", "2026-03-14")]
    [InlineData("quarter", 2026, 2, "2026-03-15", "2026-06-14")]
    [InlineData("quarter", 2026, 4, "2026-09-15", "2026-12-14")]
    [InlineData("half", 2026, null, "2025-12-15", "2026-06-14")]
    [InlineData("nine-months", 2026, null, "2025-12-15", "2026-09-14")]
    [InlineData("year", 2017, null, "2016-12-15", "2017-12-14")]
    // Calendar periods, as the 2018 letter counted "December" and "cumulative 2017".
    [InlineData("calendar-month", 2017, 12, "2017-12-01", "2017-12-31")]
    [InlineData("calendar-month", 2024, 2, "2024-02-01", "2024-02-29")]
    [InlineData("ytd", 2017, null, "2017-01-01", "2017-12-31")]
    [InlineData("ytd", 2026, null, "2026-01-01", "2026-11-29")]
    [InlineData("ytd", 2026, 6, "2026-01-01", "2026-06-30")]
    public void Periods_follow_the_official_cut_offs(string kind, int year, int? number, string start, string end)
    {
        Assert.True(ReportPeriod.TryResolve(kind, year, number, Today, out var period, out _));

        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
        Assert.Equal(kind, period.Kind);
    }

    [Theory]
    [InlineData("month", 2026, null, "number")]
    [InlineData("month", 2026, 13, "number")]
    [InlineData("quarter", 2026, 5, "number")]
    [InlineData("quarter", 2026, 0, "number")]
    [InlineData("ytd", 2026, 13, "number")]
    [InlineData("week", 2026, 1, "period")]
    [InlineData(null, 2026, 1, "period")]
    [InlineData("year", 1900, null, "year")]
    public void Bad_periods_name_the_parameter_at_fault(string? kind, int year, int? number, string parameter)
    {
        Assert.False(ReportPeriod.TryResolve(kind, year, number, Today, out _, out var error));

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains("/", error.Message); // Vietnamese, then English
    }

    [Fact]
    public void The_four_quarters_tile_the_official_year_without_gaps()
    {
        Assert.True(ReportPeriod.TryResolve("year", 2025, null, Today, out var year, out _));
        var quarters = Enumerable.Range(1, 4).Select(q =>
        {
            Assert.True(ReportPeriod.TryResolve("quarter", 2025, q, Today, out var p, out _));
            return p;
        }).ToList();

        Assert.Equal(year.Start, quarters[0].Start);
        Assert.Equal(year.End, quarters[3].End);
        for (var i = 1; i < 4; i++)
        {
            Assert.Equal(quarters[i - 1].End.AddDays(1), quarters[i].Start);
        }
    }
}
