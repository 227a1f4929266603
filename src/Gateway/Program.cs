using Tthc.Gateway;

// The slim host: no IIS integration, HTTP/3 transport or hosting-startup scan, which nothing here uses (≈ 3–7 MiB less
// resident at idle). Kestrel still reads HTTPS endpoints from configuration, for a gateway that takes TLS itself.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseGateway();
app.MapDefaultEndpoints();

if (app.Environment.IsDevelopment())
{
    app.MapDevTokenApi();
}

// Every other path goes to the web app; an API path no service has is still an API's 404 (a problem document).
string[] apiPrefixes = app.Environment.IsDevelopment() ? ["/api", "/public"] : ["/api", "/public", "/dev"];
foreach (var prefix in apiPrefixes)
{
    app.Map(prefix + "/{**rest}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound,
            detail: "Không có địa chỉ này / no such address."))
        .WithOrder(500)
        .AllowAnonymous();
}

// A pipeline of its own, and nothing in it: YARP's default one adds session affinity, load balancing and passive health
// checks, a middleware each for every proxied request, which no route here uses (the forwarder picks among a cluster's
// destinations itself). An unreachable backend's problem document is written by the problem responses (UseGateway).
app.MapReverseProxy(_ => { });

app.Run();
