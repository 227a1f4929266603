using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Tthc.Gateway.Tests;

/// <summary>
/// A service stand-in over cleartext HTTP/2, as the gateway reaches the services: it counts the requests that reach it
/// and keeps the headers of the last one.
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private RecordingBackend(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public IHeaderDictionary? LastHeaders { get; private set; }

    public string Address => _app.Urls.Single();

    public static async Task<RecordingBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // not the gateway's settings beside the tests (its ports)
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0,
            listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var backend = new RecordingBackend(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref backend._requests);
            backend.LastHeaders = new HeaderDictionary(context.Request.Headers.ToDictionary(StringComparer.OrdinalIgnoreCase));
            return context.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        return backend;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
