using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tthc.System.Tests;

/// <summary>
/// Outside Development the web app's cookies are HTTPS-only: a page asked for over plain http (a misconfigured ingress,
/// a person typing http://) is a 403 in both languages pointing to the same address over HTTPS — it used to be a 500,
/// its form unable to set its antiforgery cookie. The probes still answer over http, and a page the gateway forwards as
/// HTTPS renders with its Secure cookie. The web app alone, as a deployment runs it (Production), from its build output.
/// </summary>
public sealed class WebOverPlainHttpTests
{
    [Fact]
    public async Task Outside_development_a_page_over_plain_http_is_a_403_pointing_to_https_never_a_500()
    {
        await using var web = await WebProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = web.Address };

        using var page = await http.GetAsync("/tra-cuu?ma=%22%3E%3Cb%3E");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("chỉ mở qua kết nối bảo mật (HTTPS)", html);
        Assert.Contains("This site opens over HTTPS only", html);
        Assert.Contains("""<a href="https://127.0.0.1/tra-cuu?ma=%22%3E%3Cb%3E">""", html);
        Assert.DoesNotContain("<b>", html);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(page.Headers.Contains("Set-Cookie"));

        // A form posted over http, and a request that names no host: the same 403, not the antiforgery's 500.
        using var form = await http.PostAsync("/dang-nhap", new FormUrlEncodedContent([new("ten", "a")]));
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        using var noHost = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version10 };
        noHost.Headers.Host = "";
        using var answer = await http.SendAsync(noHost);
        Assert.True(answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, answer.StatusCode.ToString());

        // The probes answer over http; a page the gateway forwards as HTTPS is the page, its cookie Secure.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/tra-cuu");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var shown = await http.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var cookie = shown.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__tthc-af=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The web app's own build output, run as a deployment runs it, on a free loopback port.</summary>
    private sealed class WebProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _data;

        private WebProcess(Process process, Uri address, string data) => (_process, Address, _data) = (process, address, data);

        public Uri Address { get; }

        public static async Task<WebProcess> StartAsync()
        {
            // tests/System.Tests/bin/<configuration>/<framework>/ → src/Web/bin/<configuration>/<framework>/Tthc.Web.dll
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "src", "Web", "bin", output.Parent.Name, output.Name, "Tthc.Web.dll");
            Assert.True(File.Exists(dll), $"{dll} is built with the tests (the AppHost references it)");

            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            var data = Directory.CreateTempSubdirectory("tthc-web-").FullName;
            var start = new ProcessStartInfo("dotnet", [dll])
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                    ["Kestrel__Endpoints__http__Url"] = $"http://127.0.0.1:{port}",
                    ["Jwt__SigningKey"] = "web-over-plain-http-tests-signing-key-0123456789",
                    ["TTHC_DATA_DIR"] = data,
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
                },
            };
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var web = new WebProcess(process, new Uri($"http://127.0.0.1:{port}"), data);

            using var http = new HttpClient { BaseAddress = web.Address, Timeout = TimeSpan.FromSeconds(2) };
            var until = Stopwatch.StartNew();
            while (until.Elapsed < TimeSpan.FromSeconds(60))
            {
                Assert.False(process.HasExited, "the web app stopped at start");
                try
                {
                    if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        return web;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            await web.DisposeAsync();
            throw new TimeoutException("The web app did not answer its health probe within a minute.");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
