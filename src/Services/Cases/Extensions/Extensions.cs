using Tthc.Calendar;
using Tthc.Cases.Data;
using Tthc.Cases.Workers;
using Tthc.Messaging;

namespace Tthc.Cases.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApiDefaults();
        builder.AddServiceDatabase<CasesDbContext, PostgresCasesDbContext>("cases");

        // After the database: the loader reads the stored schedules once the schema is migrated.
        builder.Services.AddSingleton(_ => new CalendarsInForce(YearSchedule.Shipped));
        builder.Services.AddHostedService<CalendarScheduleLoader>();
        builder.Services.AddHostedService<CatalogueSeeder>();

        builder.AddMessaging<CasesDbContext>();
        // The relay's deliveries carry a service token: subscribers take events from nobody else.
        builder.Services.AddHttpClient(DirectTransport.HttpClientName).AddServiceToken();
        builder.Services.AddOptions<WatchOptions>().Bind(builder.Configuration.GetSection(WatchOptions.SectionName))
            .Validate(o => o.DueSoonWorkingDays is >= 1 and <= 10, "Watch:DueSoonWorkingDays must be between 1 and 10.")
            .ValidateOnStart();
        builder.Services.AddOptions<IntakeOptions>().Bind(builder.Configuration.GetSection(IntakeOptions.SectionName))
            .Validate(o => o.IdempotencyRetention >= TimeSpan.FromHours(1), "Intake:IdempotencyRetention must be at least an hour.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CatalogueCache>();
        // Changes of a dossier after intake, the citizen's secret, the record of personal-data reads: one place each,
        // for REST and gRPC.
        builder.Services.AddScoped<DossierLifecycle>();
        builder.Services.AddScoped<CitizenSecrets>();
        builder.Services.AddScoped<PersonalDataAudit>();
        builder.Services.AddSingleton<IntakeWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IntakeWriter>());
        builder.Services.AddSingleton<DeadlineWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineWatch>());
    }
}
