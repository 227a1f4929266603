using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;
using Tthc.Reporting.IntegrationEvents;

namespace Tthc.Reporting.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ReportingDbContext>("reporting");

        builder.AddMessagingBasics();
        builder.Services.AddIntegrationEventHandler<CaseReceived, CaseReceivedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseDecided, CaseDecidedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseRefused, CaseRefusedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseStopped, CaseStoppedHandler>();
    }
}
