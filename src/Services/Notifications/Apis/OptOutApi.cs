using Microsoft.EntityFrameworkCore;
using Tthc.Database;
using Tthc.Notifications.Data;

namespace Tthc.Notifications.Apis;

/// <summary>
/// The link at the foot of every mail: a page that asks (a link alone changes nothing, so a mail scanner that opens it
/// stops no notice), and the form's answer, which stops every further notice about that dossier or petition.
/// </summary>
public static class OptOutApi
{
    public static IEndpointRouteBuilder MapOptOutApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/public/notifications/opt-out").WithTags("Public").AllowAnonymous();
        api.MapGet("/", Ask).WithName("AskOptOut").WithSummary("The page that asks whether to stop the notices (?code=&token=)");
        api.MapPost("/", OptOut).WithName("OptOut").WithSummary("Stop every further notice about a dossier or petition (form: code, token)")
            .DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> Ask(HttpContext http, NotificationsDbContext db, SecretBox secrets, string? code = null, string? token = null)
    {
        if (code is not { Length: > 0 and <= 40 } || !secrets.IsOptOutToken(code, token)
            || await db.Recipients.AsNoTracking().SingleOrDefaultAsync(r => r.About == code, http.RequestAborted) is not { } recipient)
        {
            return NotFound();
        }

        if (PublicPages.WantsJson(http.Request))
        {
            return TypedResults.Ok(new OptOutView(code, recipient.OptedOutAt));
        }

        var body = recipient.OptedOutAt is not null
            ? "<p>Ông/Bà đã ngừng nhận thông báo về hồ sơ này.</p>"
            : $"""
              <p>Ông/Bà sẽ không nhận thêm thư, tin nhắn SMS hay Zalo nào về <strong>{PublicPages.Escape(code)}</strong>.
              Việc giải quyết hồ sơ không thay đổi; Ông/Bà vẫn tra cứu được bằng mã hồ sơ và mã tra cứu.</p>
              <form method="post" action="/public/notifications/opt-out">
              <input type="hidden" name="code" value="{PublicPages.Escape(code)}">
              <input type="hidden" name="token" value="{PublicPages.Escape(token)}">
              <button type="submit">Ngừng nhận thông báo</button>
              </form>
              """;
        return PublicPages.Page(http.Response, PublicPages.Head("Ngừng nhận thông báo", style: ButtonStyle) + "</header>\n<main>\n" + body + "\n</main>\n</body>\n</html>");
    }

    public static async Task<IResult> OptOut(HttpContext http, NotificationsDbContext db, SecretBox secrets, TimeProvider time)
    {
        string? code = null, token = null;
        if (http.Request.HasFormContentType)
        {
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                (code, token) = (form["code"].ToString(), form["token"].ToString());
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                // A form that does not parse (no boundary, too many keys, too long) is the sender's mistake.
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, type: "https://tthc.vn/problems/malformed-form",
                    detail: "Biểu mẫu không đọc được / the form could not be read.");
            }
        }

        var recipient = code is { Length: > 0 and <= 40 } && secrets.IsOptOutToken(code, token)
            ? await db.Recipients.SingleOrDefaultAsync(r => r.About == code, http.RequestAborted)
            : null;
        if (recipient is null)
        {
            return NotFound();
        }

        recipient.OptOut(time.GetUtcNow());
        using (await db.WriteTurnAsync(http.RequestAborted))
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return PublicPages.WantsJson(http.Request)
            ? TypedResults.Ok(new OptOutView(recipient.About, recipient.OptedOutAt))
            : PublicPages.Page(http.Response, PublicPages.Head("Đã ngừng nhận thông báo") + "</header>\n<main>\n" +
                $"<p>Từ nay Ông/Bà không nhận thêm thông báo nào về <strong>{PublicPages.Escape(recipient.About)}</strong>.</p>\n</main>\n</body>\n</html>");
    }

    /// <summary>A button a thumb finds on a phone (at least 44 px high).</summary>
    private const string ButtonStyle = "button { font: inherit; font-size: 1.1rem; min-height: 2.75rem; padding: .5rem 1.25rem; }";

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: "https://tthc.vn/problems/opt-out-link",
        detail: "Liên kết không đúng hoặc đã hết hiệu lực / the link is not valid.");

    public sealed record OptOutView(string Code, DateTimeOffset? OptedOutAt);
}
