using Tthc.Apologies.Apis;
using Tthc.Apologies.Data;
using Tthc.Messaging;
using Tthc.Apologies.Extensions;

// The slim host (no IIS integration, HTTP/3 or HTTPS endpoints): a service is reached over plain HTTP inside the
// deployment, through the gateway or from another service.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapEventSubscriptions<ApologiesDbContext>();
app.MapApologiesApi();
app.MapApologyDeliveryApi();
app.MapApologyImportApi();
app.MapOutboxAdmin<ApologiesDbContext>("/api/apologies", TthcPolicies.Province);
app.MapPublicApologiesApi();

app.Run();
