using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Tthc.Web.Api;
using Tthc.Web.Components;

namespace Tthc.Web;

public static class WebExtensions
{
    /// <summary>The scheme of the console's single sign-on (when <c>Oidc:Authority</c> is set).</summary>
    public const string OidcScheme = "oidc";

    public static void AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(JwtSettings.From(builder.Configuration));
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthorization();
        services.AddHttpContextAccessor();
        // Behind the province's TLS the cookies go over HTTPS only; a developer's run is plain HTTP.
        var cookiesSecure = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAntiforgery(o => (o.Cookie.Name, o.Cookie.SecurePolicy) = ("__tthc-af", cookiesSecure));

        // The keys that seal the session cookies and the forms' antiforgery tokens outlive a restart: signed-in people
        // and open forms survive it (in the data folder by default; Web:KeysPath for a volume shared by replicas).
        var keys = builder.Configuration["Web:KeysPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.Configuration["TTHC_DATA_DIR"] ?? Path.Combine(builder.Environment.ContentRootPath, ".data"), "web-keys");
        // Sealed at rest with the province's certificate where Web:KeysCertificate names one (KeyRingProtection).
        services.AddDataProtection().SetApplicationName("tthc-web").PersistKeysToFileSystem(new DirectoryInfo(keys))
            .ProtectKeysWithConfiguredCertificate(builder.Configuration, "Web");

        // The web app is reached only through the gateway, which says who the client is (X-Forwarded-For): the
        // public calls it makes for a citizen are limited per citizen, not per web app.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.ForwardLimit = 1;
        });

        var gateway = new Uri(builder.Configuration["Web:GatewayAddress"] ?? "http://gateway");
        services.AddTransient<UserTokenHandler>();
        services.AddTransient<ClientAddressHandler>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; a person's click is not retried behind their back
        services.AddHttpClient(GatewayClient.AsUser, c => c.BaseAddress = gateway)
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<UserTokenHandler>();
        services.AddHttpClient(GatewayClient.ForCitizen, c => c.BaseAddress = gateway)
            .RemoveAllResilienceHandlers()
            .AddServiceToken()
            .AddHttpMessageHandler<ClientAddressHandler>();
#pragma warning restore EXTEXP0001
        services.AddScoped<GatewayClient>();

        var oidc = builder.Configuration.GetSection("Oidc");
        var authority = oidc["Authority"];
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "__tthc";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = cookiesSecure;
                o.LoginPath = "/dang-nhap";
                o.AccessDeniedPath = "/khong-co-quyen";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = false;
            });

        if (!string.IsNullOrWhiteSpace(authority))
        {
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = authority;
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.SaveTokens = true;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                o.Scope.Clear();
                foreach (var scope in (oidc["Scopes"] ?? "openid profile").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    o.Scope.Add(scope);
                }

                o.Events.OnTokenValidated = context =>
                {
                    // The authority's claim names (configuration) become Tthc's: role, unit, name, title.
                    var source = context.Principal!;
                    context.Principal = Person(
                        source.FindFirstValue("sub") ?? "",
                        source.FindAll(oidc["RoleClaim"] ?? "role").Select(c => c.Value),
                        source.FindFirstValue(oidc["UnitClaim"] ?? "unit"),
                        source.FindFirstValue(oidc["NameClaim"] ?? "name"),
                        source.FindFirstValue(oidc["TitleClaim"] ?? "title"));
                    return Task.CompletedTask;
                };
            });
        }
    }

    /// <summary>Whether the console signs in through the province's identity provider.</summary>
    public static bool UsesSingleSignOn(this IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Oidc:Authority"]);

    /// <summary>The person as the cookie keeps them, with Tthc's claim names.</summary>
    public static ClaimsPrincipal Person(string subject, IEnumerable<string> roles, string? unit, string? name, string? title)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, TthcClaims.Name, TthcClaims.Role);
        identity.AddClaim(new Claim(TthcClaims.Subject, subject));
        identity.AddClaims(roles.Distinct().Select(r => new Claim(TthcClaims.Role, r)));
        if (!string.IsNullOrEmpty(unit))
        {
            identity.AddClaim(new Claim(TthcClaims.Unit, unit));
        }

        identity.AddClaim(new Claim(TthcClaims.Name, string.IsNullOrWhiteSpace(name) ? subject : name));
        if (!string.IsNullOrEmpty(title))
        {
            identity.AddClaim(new Claim(TthcClaims.Title, title));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The error pages' address: <c>/loi/{code}</c> for a status, <c>/loi</c> for an exception.</summary>
    private const string ErrorPagePrefix = "/loi";

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.Use(HttpsOnly(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tthc.Web")));
        }

        // A browser gets a page for every error, an exception's too (the client's 4xx, else 500), not a problem document.
        app.UseProblemResponses(errorPage: ErrorPagePrefix);
        app.UseStatusCodePagesWithReExecute(ErrorPagePrefix + "/{0}");
        app.Use(ErrorPagesAsGet);
        app.Use(ErrorPagesByAddress);
        app.Use(async (context, next) =>
        {
            // Pages carry dossiers and secrets: no cache keeps them, no other site frames them, no referrer leaks them.
            PublicPages.Protect(context.Response.Headers,
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
            try
            {
                await next(context);
            }
            catch (SignInRequiredException) when (!context.Response.HasStarted)
            {
                // The gateway refused the session's token (expired or revoked): sign in again, then come back here.
                context.Response.Clear();
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                context.Response.Redirect("/dang-nhap?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            }
        });
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(ReturnLapsedForms);
        return app;
    }

    /// <summary>
    /// Outside Development the cookies are HTTPS-only (the session's, the forms' antiforgery token), and a page seen as
    /// plain http could set neither: its form failed as a 500, and so did the error page shown for it. Such a request is
    /// answered with 403 and a short page, in Vietnamese and English, pointing to the same address over HTTPS; the
    /// probes still answer over http. When every page comes so, the likely cause is the gateway not believing the
    /// ingress's X-Forwarded-Proto: the log says so once, at the first page asked for over http.
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> HttpsOnly(ILogger logger)
    {
        var warned = 0;
        return (context, next) =>
        {
            var path = context.Request.Path;
            if (context.Request.IsHttps || path.StartsWithSegments(Extensions.HealthEndpointPath) || path.StartsWithSegments(Extensions.AlivenessEndpointPath))
            {
                return next(context);
            }

            if (Interlocked.Exchange(ref warned, 1) == 0)
            {
                logger.LogWarning("A page was asked for over plain http ({Path}), but outside Development the web app's cookies are HTTPS-only " +
                    "and it answers such requests with 403. Serve it over HTTPS: TLS at the gateway, or Gateway:TrustedProxies naming the " +
                    "network the ingress connects from, so that the gateway believes its X-Forwarded-Proto.", path.Value);
            }

            return WriteHttpsOnlyPageAsync(context);
        };
    }

    private static Task WriteHttpsOnlyPageAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/html; charset=utf-8";
        PublicPages.Protect(response.Headers, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        // The same address over HTTPS, on its default port (the plain one's says nothing of where TLS listens).
        var request = context.Request;
        var link = request.Host.HasValue
            ? HtmlEncoder.Default.Encode(UriHelper.BuildAbsolute("https", new HostString(request.Host.Host), request.PathBase, request.Path, request.QueryString))
            : null;
        var anchor = link is null ? null : $"""<a href="{link}">{link}</a>""";
        return response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="vi">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cần mở qua HTTPS — HTTPS required</title>
            <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}a{color:#0b57a4;overflow-wrap:anywhere}</style></head>
            <body>
            <main>
            <h1>Trang này chỉ mở qua kết nối bảo mật (HTTPS)</h1>
            <p>Trang mang hồ sơ và mã tra cứu của người dân nên không được gửi qua kết nối thường (http).{{(anchor is null ? "" : " Hãy mở: " + anchor)}}</p>
            <div lang="en">
            <h2>This site opens over HTTPS only</h2>
            <p>Its pages carry citizens' dossiers and lookup codes, so they are not sent over plain http.{{(anchor is null ? "" : " Open: " + anchor)}}</p>
            </div>
            </main>
            </body>
            </html>
            """);
    }

    /// <summary>
    /// An error page (<c>/loi/{code}</c> for a status, <c>/loi</c> for an exception) is shown for whatever failed as a GET:
    /// a form posted to an address that does not exist is not a form of the error page, whose antiforgery check (or the
    /// lapsed-form redirect) would otherwise take it.
    /// </summary>
    private static Task ErrorPagesAsGet(HttpContext context, RequestDelegate next) =>
        HttpMethods.IsGet(context.Request.Method) || !context.ShowsAnErrorPage() ? next(context) : AsGetAsync(context, next);

    /// <summary>
    /// An error page asked for by its address (a link, a bookmark, a crawler) answers the status it names — a 404 for no
    /// error status — by the same re-execution a failure takes, not with a 200 that a link checker or a search engine
    /// would keep as a page.
    /// </summary>
    private static Task ErrorPagesByAddress(HttpContext context, RequestDelegate next)
    {
        if (context.ShowsAnErrorPage() || !context.Request.Path.StartsWithSegments(ErrorPagePrefix, out var rest))
        {
            return next(context);
        }

        context.Response.StatusCode = int.TryParse(rest.Value.AsSpan().TrimStart('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is >= 400 and < 600 ? code : StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>Whether the request is being re-executed for an error page: a status's (<c>/loi/{code}</c>) or an exception's (<c>/loi</c>).</summary>
    internal static bool ShowsAnErrorPage(this HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    private static async Task AsGetAsync(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = method;
        }
    }

    /// <summary>The query parameter that makes a page say the form just sent had lapsed (see <see cref="ReturnLapsedForms"/>).</summary>
    public const string LapsedFormParameter = "het-han";

    /// <summary>
    /// A form that no longer holds did nothing, and the person goes back to its page (303, so a GET), which says so: its
    /// antiforgery token lapsed (the page was left open across a browser restart, the session ended, the person signed in
    /// or out in another tab), or the page no longer has that form (the dossier moved on in another tab, so "decided"
    /// is no longer offered) — which the framework answers with a bare 400. The page is the form's own address, or the
    /// one a non-page endpoint names with <see cref="FormPageAttribute"/>.
    /// </summary>
    private static Task ReturnLapsedForms(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint() is not { } endpoint)
        {
            return next(context);
        }

        var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
        if (!isPage && endpoint.Metadata.GetMetadata<FormPageAttribute>() is null)
        {
            return next(context);
        }

        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            SeeFormPage(context);
            return Task.CompletedTask;
        }

        return isPage ? RefusedByPageAsync(context, next) : next(context);

        static async Task RefusedByPageAsync(HttpContext context, RequestDelegate next)
        {
            // In Development the framework writes its reason (so the response has started); elsewhere it leaves the 400 empty.
            context.Response.OnStarting(static state => Refused((HttpContext)state), context);
            await next(context);
            await Refused(context);
        }

        static Task Refused(HttpContext context)
        {
            // (Not an error page the page's own answer was re-executed to: that one stands.)
            if (context.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false } && !context.ShowsAnErrorPage())
            {
                SeeFormPage(context);
            }

            return Task.CompletedTask;
        }
    }

    private static void SeeFormPage(HttpContext context)
    {
        var request = context.Request;
        var path = request.PathBase.Add(context.GetEndpoint()?.Metadata.GetMetadata<FormPageAttribute>() is { } page ? page.Path : request.Path);
        var query = QueryHelpers.ParseQuery(request.QueryString.Value).Where(p => p.Key != LapsedFormParameter)
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)));
        var location = path.ToUriComponent() + QueryString.Create(query).Add(LapsedFormParameter, "1").ToUriComponent();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        // Never "//host/…", which a browser reads as another site: such a path goes home.
        context.Response.Headers.Location = location.StartsWith("//", StringComparison.Ordinal) ? $"/?{LapsedFormParameter}=1" : location;
    }

    public static WebApplication MapWebEndpoints(this WebApplication app)
    {
        // The error pages (/loi/…) take any method: a request is re-executed to its error page with the method it came
        // with, which routing matches before ErrorPagesAsGet shows the page as a GET. A PUT or DELETE to an address
        // that does not exist is its 404 page, not a 405 from the error page's own GET and POST.
        app.MapRazorComponents<App>().Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && route.StartsWith(ErrorPagePrefix, StringComparison.Ordinal))
            {
                foreach (var methods in endpoint.Metadata.OfType<HttpMethodMetadata>().ToList())
                {
                    endpoint.Metadata.Remove(methods);
                }
            }
        });
        app.MapDownloads();
        return app;
    }
}

/// <summary>The page a form posted to a non-page endpoint came from: where it goes back when it has lapsed.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class FormPageAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
