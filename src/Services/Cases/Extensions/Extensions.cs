using Tthc.Cases.Data;

namespace Tthc.Cases.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<CasesDbContext>("cases");
    }
}
