using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;
using Tthc.Reporting.IntegrationEvents;
using Tthc.Reporting.Workers;

namespace Tthc.Reporting.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<ReportingDbContext, PostgresReportingDbContext>("reporting");

        builder.AddMessagingBasics();
        builder.Services.AddIntegrationEventHandler<CaseReceived, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseSupplementRequested, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseSupplementReceived, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseDueRecomputed, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseRescheduled, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseDecided, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseRefused, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseStopped, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseWithdrawn, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseBecameOverdue, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<ApologyIssued, FactHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionReceived, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionClassified, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionInfoRequested, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionInfoReceived, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionAnswered, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<PetitionPublished, PetitionHandlers>();
        builder.Services.AddIntegrationEventHandler<CaseRated, RatingHandler>();
        // Decision 766's index: the configured groups and indicators, or Tthc's defaults; a wrong one stops the start.
        builder.Services.AddOptions<ServiceIndexOptions>().Bind(builder.Configuration.GetSection(ServiceIndexOptions.SectionName))
            .PostConfigure(o => o.UseDefaultsWhereEmpty())
            .Validate(o => !o.Problems().Any(), "ServiceIndex is misconfigured: check each indicator's measure, group, points and threshold.")
            .ValidateOnStart();
        // One projection per delivery: it loads the batch's facts together and writes what the handlers changed.
        builder.Services.AddScoped<FactProjection>();
        builder.Services.AddScoped<IIntegrationEventBatchPreparer>(sp => sp.GetRequiredService<FactProjection>());
        builder.Services.AddScoped<IIntegrationEventBatchWriter>(sp => sp.GetRequiredService<FactProjection>());

        // The questions Reporting asks: the unit tree (Cases, gRPC), and for a rebuild every dossier's history and
        // every issued apology. Signed as this service.
        builder.AddServiceGrpcClient<Contracts.Cases.V1.Cases.CasesClient>("cases");
        builder.Services.AddHttpClient<ApologiesHistoryClient>(c =>
                c.BaseAddress = new Uri(builder.Configuration["Apologies:Address"] ?? "http://apologies"))
            .AddServiceToken();
        builder.Services.AddHostedService<UnitDirectory>();
        builder.Services.AddScoped<Rebuilder>();
    }
}
