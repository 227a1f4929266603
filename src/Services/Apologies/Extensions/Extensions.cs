using Tthc.Apologies.Data;

namespace Tthc.Apologies.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ApologiesDbContext>("apologies");
    }
}
