using Tthc.Reporting.Data;

namespace Tthc.Reporting.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ReportingDbContext>("reporting");
    }
}
