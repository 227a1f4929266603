namespace Tthc.Reporting.Domain;

/// <summary>A period as reported, with the moment its figures are as of (its end, or now while it runs).</summary>
public sealed record PeriodView(DateOnly Start, DateOnly End, string Kind, DateTimeOffset AsOf)
{
    public static PeriodView Of(ReportPeriod period, DateTimeOffset asOf) => new(period.Start, period.End, period.Kind, asOf);
}
