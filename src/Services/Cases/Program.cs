using Tthc.Cases.Apis;
using Tthc.Cases.Data;
using Tthc.Messaging;
using Tthc.Cases.Extensions;
using Tthc.Cases.Grpc;

// The slim host (no IIS integration, HTTP/3 or HTTPS endpoints): a service is reached over plain HTTP inside the
// deployment, through the gateway or from another service.
var builder = WebApplication.CreateSlimBuilder(args);

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
