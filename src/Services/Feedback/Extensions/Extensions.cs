using Tthc.Calendar;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Feedback.Apis;
using Tthc.Feedback.Data;
using Tthc.Feedback.Grpc;
using Tthc.Feedback.IntegrationEvents;
using Tthc.Feedback.Workers;
using Tthc.Messaging;

namespace Tthc.Feedback.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<FeedbackDbContext, PostgresFeedbackDbContext>("feedback");
        builder.Services.Configure<FeedbackOptions>(builder.Configuration.GetSection(FeedbackOptions.SectionName));

        // The shipped schedules count the petitions' working days.
        builder.Services.AddSingleton(_ => new CalendarsInForce(YearSchedule.Shipped));

        builder.AddMessaging<FeedbackDbContext>();
        // The relay's deliveries carry a service token: subscribers take events from nobody else.
        builder.Services.AddHttpClient(DirectTransport.HttpClientName).AddServiceToken();
        builder.Services.AddIntegrationEventHandler<CaseReturned, CaseReturnedHandler>();

        // Cases over gRPC (its Http2 endpoint, found by service discovery), signed as this service.
        builder.AddServiceGrpcClient<Contracts.Cases.V1.Cases.CasesClient>("cases");
        builder.Services.AddScoped<ICasesClient, GrpcCasesClient>();
        builder.Services.AddSingleton<UnitDirectory>();
        builder.Services.AddScoped<PetitionIntake>();
        builder.Services.AddSingleton<PetitionWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PetitionWatch>());
    }
}
