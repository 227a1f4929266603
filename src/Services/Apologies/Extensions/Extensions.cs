using Tthc.Apologies.Data;
using Tthc.Messaging;

namespace Tthc.Apologies.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ApologiesDbContext>("apologies");
        builder.AddMessaging<ApologiesDbContext>();
    }
}
