using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Tthc.Web.Api;

namespace Tthc.Web;

/// <summary>What the pages link to that is not a page: files handed on from the gateway, and the board's live figures.</summary>
public static partial class WebEndpoints
{
    public static WebApplication MapDownloads(this WebApplication app)
    {
        // The citizen's apology letter: the secret travels in the form's body, never in an address.
        app.MapPost("/tra-cuu/phieu-xin-loi", async ([FromForm] string? code, [FromForm] string? secret, GatewayClient gateway, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!TypedCode.TryRead(code, secret, out var typedCode, out var typedSecret))
            {
                return Results.Redirect("/tra-cuu");
            }

            return await HandOnAsync(await gateway.DownloadAsync(
                $"/public/apologies/{Uri.EscapeDataString(typedCode)}/document.docx?secret={Uri.EscapeDataString(typedSecret)}", asCitizen: true, cancellationToken), http);
        }).WithMetadata(new FormPageAttribute("/tra-cuu"));

        // Single sign-on: the province's identity provider, then back to the page asked for.
        app.MapGet("/dang-nhap/sso", (string? returnUrl, IConfiguration configuration) => !configuration.UsesSingleSignOn() ? Results.NotFound() : Results.Challenge(
            new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = Components.Pages.SignIn.LocalOnly(returnUrl) },
            [WebExtensions.OidcScheme]));

        var console = app.MapGroup("/console").RequireAuthorization();
        console.MapGet("/xin-loi/{id:guid}/phieu.docx", async (Guid id, GatewayClient gateway, HttpContext http, CancellationToken cancellationToken) =>
            await HandOnAsync(await gateway.DownloadAsync($"/api/apologies/{id}/document.docx", asCitizen: false, cancellationToken), http));

        console.MapGet("/bao-cao/tai-ve", async (string? period, int? year, int? number, string? format, GatewayClient gateway, HttpContext http,
            CancellationToken cancellationToken) =>
        {
            var query = $"period={Uri.EscapeDataString(period ?? "")}&format={(format == "csv" ? "csv" : "xlsx")}"
                + (year is { } y ? $"&year={y}" : "") + (number is { } n ? $"&number={n}" : "");
            return await HandOnAsync(await gateway.DownloadAsync($"/api/reports/tthc?{query}", asCitizen: false, cancellationToken), http);
        });

        // The board's figures, for its page to refresh itself every half minute.
        console.MapGet("/bang/so-lieu", async (GatewayClient gateway, CancellationToken cancellationToken) =>
        {
            var board = await BoardFigures.LoadAsync(gateway, cancellationToken);
            return Results.Json(board, statusCode: board.Failed ? 503 : 200);
        });
        return app;
    }

    private static async Task<IResult> HandOnAsync(HttpResponseMessage response, HttpContext http)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return Results.Problem(statusCode: (int)response.StatusCode, detail: response.StatusCode == System.Net.HttpStatusCode.NotFound
                    ? "Không tìm thấy tài liệu / the document was not found."
                    : "Không tải được tài liệu / the document could not be fetched.");
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(bytes, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                name is null ? null : SafeName().Replace(name, "-"));
        }
    }

    [GeneratedRegex(@"[^\w.\-]")]
    private static partial Regex SafeName();
}

/// <summary>A unit's board: the dossiers' counts from Cases and the apologies waiting on someone.</summary>
public sealed record BoardFigures(CaseBoard? Cases, int AwaitingReason, int AwaitingSignature, bool Failed)
{
    public static async Task<BoardFigures> LoadAsync(GatewayClient gateway, CancellationToken cancellationToken)
    {
        var cases = gateway.GetAsync<CaseBoard>("/api/cases/board", cancellationToken);
        var drafts = gateway.GetAsync<ApologyPage>("/api/apologies?status=draft&pageSize=100", cancellationToken);
        var unsigned = gateway.GetAsync<ApologyPage>("/api/apologies?status=awaiting-signature&pageSize=100", cancellationToken);
        await Task.WhenAll(cases, drafts, unsigned);
        return new BoardFigures(cases.Result.Value, drafts.Result.Value?.Items.Count ?? 0, unsigned.Result.Value?.Items.Count ?? 0,
            !cases.Result.Ok);
    }
}
