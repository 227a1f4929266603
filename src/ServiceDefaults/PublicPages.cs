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
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
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

    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>An Atom <c>link</c> element.</summary>
    public static void AtomLink(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>Writes an Atom document with <paramref name="body"/> and answers it as UTF-8 text.</summary>
    public static string Atom(Action<XmlWriter> body)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            body(xml);
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
