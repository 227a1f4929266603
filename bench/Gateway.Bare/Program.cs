using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

// The floor under the gateway: YARP's forwarder and nothing else, on the same Kestrel and the same HTTP/2 connection
// to a service as the gateway — no routing, authentication, rate limits, request ids, CORS, problem pages, traces,
// metrics or logs. bench/gateway-vs-nginx.sh runs it beside the gateway and nginx (BARE=1) to show what the gateway's
// own work costs per request. Not a gateway: it forwards every request to one backend.
//
//   dotnet run -c Release --project bench/Gateway.Bare -- <port> <backend base address, cleartext HTTP/2>
if (args.Length != 2 || !int.TryParse(args[0], out var port) || !Uri.TryCreate(args[1], UriKind.Absolute, out var backend))
{
    Console.Error.WriteLine("usage: Gateway.Bare <port> <backend address, e.g. http://127.0.0.1:5001>");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
builder.Services.AddHttpForwarder();
var app = builder.Build();

// As YARP builds the gateway's client, without its activity propagator: no tracing here.
var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(5),
});
var request = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var destination = backend.ToString().TrimEnd('/');
app.Run(Forward);

Task Forward(HttpContext context) => forwarder.SendAsync(context, destination, client, request, HttpTransformer.Empty).AsTask();

app.Run();
return 0;
