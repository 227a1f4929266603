using Tthc.Apologies.Data;
using Tthc.Apologies.Grpc;
using Tthc.Apologies.IntegrationEvents;
using Tthc.Apologies.Workers;
using Tthc.Calendar;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

namespace Tthc.Apologies.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ApologiesDbContext, PostgresApologiesDbContext>("apologies");
        builder.Services.Configure<ApologiesOptions>(builder.Configuration.GetSection(ApologiesOptions.SectionName));

        // The shipped schedules answer "is this a working day?" for new appointment dates.
        builder.Services.AddSingleton(_ => new CalendarsInForce(YearSchedule.Shipped));

        builder.AddMessaging<ApologiesDbContext>();
        // The relay's deliveries carry a service token: subscribers take events from nobody else.
        builder.Services.AddHttpClient(DirectTransport.HttpClientName).AddServiceToken();
        builder.Services.AddIntegrationEventHandler<CaseBecameDueSoon, CaseLateWarningHandler>();
        builder.Services.AddIntegrationEventHandler<CaseBecameOverdue, CaseLateWarningHandler>();
        builder.Services.AddIntegrationEventHandler<CaseDecided, CaseDecidedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseRefused, CaseClosedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseStopped, CaseClosedHandler>();
        builder.Services.AddIntegrationEventHandler<CaseWithdrawn, CaseClosedHandler>();

        // Cases over gRPC (its Http2 endpoint, found by service discovery), signed as this service.
        builder.AddServiceGrpcClient<Contracts.Cases.V1.Cases.CasesClient>("cases");
        builder.Services.AddScoped<ICasesClient, GrpcCasesClient>();
        builder.Services.AddSingleton<CasesFollowUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CasesFollowUp>());

        // Email, SMS and Zalo deliveries go through Notifications; what it sent comes back as notification.sent.
        builder.Services.AddIntegrationEventHandler<NoticeSent, NoticeSentHandler>();
    }
}
