using Tthc.Messaging;
using Tthc.Reporting.Apis;
using Tthc.Reporting.Data;
using Tthc.Reporting.Extensions;
using Tthc.Reporting.Grpc;

var builder = WebApplication.CreateBuilder(args);

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
