using Tthc.Messaging;
using Tthc.Reporting.Apis;
using Tthc.Reporting.Data;
using Tthc.Reporting.Extensions;
using Tthc.Reporting.Grpc;

// The slim host (no IIS integration, HTTP/3 or HTTPS endpoints): a service is reached over plain HTTP inside the
// deployment, through the gateway or from another service.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapEventSubscriptions<ReportingDbContext>();
app.MapReportsApi();
app.MapFeedbackReportsApi();
app.MapGrpcService<ReportingService>();

app.Run();
