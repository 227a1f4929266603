using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What the public pages of every service share (published apologies, petition answers, satisfaction): JSON or HTML
/// by the Accept header, a page of plain markup with nothing fetched from elsewhere, escaping that leaves Vietnamese
/// letters as they are, and the pieces of an Atom feed.
/// </summary>
public static class PublicPages
{
    /// <summary>The client prefers JSON to HTML (<c>Accept: application/json</c>); a browser gets the page.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var json = accept.Where(a => a.MediaType.Value is "application/json" or "application/problem+json").Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var html = accept.Where(a => a.MediaType.Value is "text/html" or "application/xhtml+xml").Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return json > 0 && json >= html;
    }

    /// <summary>A public page of plain markup: no script, no frame, nothing fetched from elsewhere, no referrer leaked.</summary>
    public static IResult Page(HttpResponse response, string html)
    {
        Protect(response.Headers, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>
    /// What every page Tthc writes — a service's public page, the web app's, an error's last words — tells the browser:
    /// what it may load (<paramref name="contentSecurityPolicy"/>, which also forbids framing), not to guess another
    /// type, not to be framed by another site (said again for browsers that know only <c>X-Frame-Options</c>), and no
    /// referrer for the links it holds (addresses carry lookup codes).
    /// </summary>
    public static void Protect(IHeaderDictionary headers, string contentSecurityPolicy)
    {
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>Escapes markup but leaves Vietnamese letters as they are (UTF-8 page).</summary>
    public static string Escape(string? text) => Encoder.Encode(text ?? "");

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The style every public page shares: readable, printable, usable at 360 px.</summary>
    public const string Style = """
        body { font-family: "Times New Roman", Georgia, serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1a1a1a; line-height: 1.5; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; padding: .5rem 0; }
        th, td { border: 1px solid #767676; padding: .4rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        a { color: #0b4f9c; }
        .table-wrap { overflow-x: auto; }
        """;

    /// <summary>
    /// The page up to and including its <c>h1</c>: language, viewport, title, the feed it offers (when any), the shared
    /// style and <paramref name="style"/>.
    /// </summary>
    public static string Head(string heading, string? feedHref = null, string? style = null) => $$"""
        <!DOCTYPE html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Escape(heading)}} — Bộ phận Một cửa</title>
        {{(feedHref is null ? "" : $"<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{Escape(heading)}\" href=\"{Escape(feedHref)}\">")}}
        <style>
        {{Style}}
        {{style}}
        </style>
        </head>
        <body>
        <header>
        <h1>{{Escape(heading)}}</h1>

        """;

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>
    /// An Atom feed (RFC 4287) in Vietnamese: its id, title, the latest update, the links to itself and to the page,
    /// the one-stop office as author, and the entries.
    /// </summary>
    public static string AtomFeed(string id, string title, DateTimeOffset updated, string selfHref, string pageHref, IEnumerable<AtomEntry> entries)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteAttributeString("xml", "lang", null, "vi");
            xml.WriteElementString("id", AtomNamespace, id);
            xml.WriteElementString("title", AtomNamespace, title);
            xml.WriteElementString("updated", AtomNamespace, XmlConvert.ToString(updated));
            Link(xml, "self", selfHref, "application/atom+xml");
            Link(xml, "alternate", pageHref, "text/html");
            Author(xml, "Bộ phận Một cửa");
            foreach (var entry in entries)
            {
                xml.WriteStartElement("entry", AtomNamespace);
                xml.WriteElementString("id", AtomNamespace, entry.Id);
                xml.WriteElementString("title", AtomNamespace, entry.Title);
                xml.WriteElementString("updated", AtomNamespace, XmlConvert.ToString(entry.Updated));
                xml.WriteElementString("published", AtomNamespace, XmlConvert.ToString(entry.Published));
                Link(xml, "alternate", entry.Link, "text/html");
                Author(xml, entry.Author);
                xml.WriteStartElement("summary", AtomNamespace);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(entry.Summary);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static void Author(XmlWriter xml, string name)
    {
        xml.WriteStartElement("author", AtomNamespace);
        xml.WriteElementString("name", AtomNamespace, name);
        xml.WriteEndElement();
    }
}

/// <summary>One entry of an <see cref="PublicPages.AtomFeed"/>: its id, title, dates, the page anchor, author, a plain-text summary.</summary>
public sealed record AtomEntry(string Id, string Title, DateTimeOffset Updated, DateTimeOffset Published, string Link, string Author, string Summary);
