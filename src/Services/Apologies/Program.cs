using Tthc.Apologies.Apis;
using Tthc.Apologies.Data;
using Tthc.Messaging;
using Tthc.Apologies.Extensions;

var builder = WebApplication.CreateBuilder(args);

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
