using Tthc.Apologies.Apis;
using Tthc.Apologies.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapApologiesApi();
app.MapPublicApologiesApi();

app.Run();
