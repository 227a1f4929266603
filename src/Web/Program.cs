using Tthc.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

app.UseWeb();
app.MapDefaultEndpoints();
app.MapWebEndpoints();

app.Run();
