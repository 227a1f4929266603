using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Notifications.Channels;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;
using Tthc.Notifications.IntegrationEvents;
using Tthc.Notifications.Workers;

namespace Tthc.Notifications.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<NotificationsDbContext, PostgresNotificationsDbContext>("notifications");
        builder.Services.Configure<NotificationsOptions>(builder.Configuration.GetSection(NotificationsOptions.SectionName));
        builder.Services.AddSingleton<NoticeTemplates>();
        builder.Services.AddSingleton<SecretBox>();

        builder.AddMessaging<NotificationsDbContext>();
        // The relay's deliveries carry a service token: subscribers take events from nobody else.
        builder.Services.AddHttpClient(DirectTransport.HttpClientName).AddServiceToken();
        builder.Services.AddIntegrationEventHandler<CaseContactGiven, CaseContactHandler>();
        builder.Services.AddIntegrationEventHandler<CaseLookupSecretReplaced, SecretReplacedHandler>();
        builder.Services.AddIntegrationEventHandler<PetitionContactGiven, PetitionContactHandler>();
        builder.Services.AddIntegrationEventHandler<CaseSupplementRequested, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseSupplementReceived, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseDecided, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseRefused, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseStopped, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<ApologyIssued, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<ApologyDeliveryRequested, CaseNoticeHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionAnswered, CaseNoticeHandlers>();
        builder.Services.AddScoped<NoticeDesk>();
        builder.Services.AddScoped<RecipientBatch>();
        builder.Services.AddScoped<IIntegrationEventBatchPreparer>(sp => sp.GetRequiredService<RecipientBatch>());
        builder.Services.AddScoped<IIntegrationEventBatchWriter>(sp => sp.GetRequiredService<RecipientBatch>());

        // The channels. The providers' clients retry nothing themselves: a repeated POST could send an SMS twice, and
        // the dispatcher's retries (with backoff, then a dead letter) are the ones that count.
        builder.Services.AddSingleton<INoticeChannel, EmailChannel>();
        builder.Services.AddSingleton<INoticeChannel, SmsChannel>();
        builder.Services.AddSingleton<INoticeChannel, ZaloChannel>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is what takes the defaults' retries away
        builder.Services.AddHttpClient(SmsChannel.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllResilienceHandlers();
        builder.Services.AddHttpClient(ZaloChannel.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<NoticeDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NoticeDispatcher>());
    }
}
