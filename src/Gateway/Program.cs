using Tthc.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseGateway();
app.MapDefaultEndpoints();

if (app.Environment.IsDevelopment())
{
    app.MapDevTokenApi();
}

app.MapReverseProxy(proxy => proxy.UseBackendUnavailableProblems());

app.Run();
