using Tthc.Cases.Apis;
using Tthc.Cases.Data;
using Tthc.Messaging;
using Tthc.Cases.Extensions;
using Tthc.Cases.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapCasesApi();
app.MapIntakeApi();
app.MapLifecycleApi();
app.MapCatalogueApi();
app.MapPublicCasesApi();
app.MapOutboxAdmin<CasesDbContext>("/api/cases", TthcPolicies.Province);
app.MapCalendarApi();
app.MapGrpcService<CasesService>();
app.MapGrpcService<CalendarService>();

app.Run();
