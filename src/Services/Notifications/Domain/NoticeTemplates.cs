using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Tthc.Notifications.Domain;

/// <summary>
/// The Vietnamese texts of the notices, one file per notice and channel (<c>receipt.email.txt</c>, <c>receipt.sms.txt</c>,
/// …): shipped in <c>Templates/</c>, replaceable file by file from <c>Notifications:TemplatesPath</c>. An email's
/// first line is <c>Subject: …</c>. Values go in as <c>{{name}}</c>; each notice offers its own names, and a template
/// that asks for another, or a missing file, stops the service at start with the reason.
/// </summary>
public sealed partial class NoticeTemplates
{
    private static readonly string[] Common = ["code", "addressee", "topic", "unitName", "lookupUrl", "optOutUrl"];

    /// <summary>The values each notice offers besides <see cref="Common"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Offered = new Dictionary<string, string[]>
    {
        [NoticeKinds.Receipt] = ["receivedAt", "dueAt"],
        [NoticeKinds.SupplementRequested] = ["missing", "missingShort"],
        [NoticeKinds.SupplementReceived] = ["dueAt"],
        [NoticeKinds.ApologyIssued] = ["apologyUnitName", "reason", "newDate", "number", "documentUrl"],
        [NoticeKinds.ResultReady] = ["timeliness", "decidedAt"],
        [NoticeKinds.Refused] = ["reason"],
        [NoticeKinds.Stopped] = ["reason"],
        [NoticeKinds.PetitionAnswered] = ["answerUrl"],
    };

    private readonly Dictionary<(string Kind, string Channel), (string Title, string Body)> _templates = [];

    public NoticeTemplates(IOptions<NotificationsOptions> options)
        : this(Path.Combine(AppContext.BaseDirectory, "Templates"), options.Value.TemplatesPath)
    {
    }

    public NoticeTemplates(string shipped, string? overrides)
    {
        var problems = new List<string>();
        foreach (var kind in NoticeKinds.All)
        {
            foreach (var channel in NoticeChannels.All)
            {
                var name = $"{kind}.{channel}.txt";
                var path = overrides is { Length: > 0 } && File.Exists(Path.Combine(overrides, name)) ? Path.Combine(overrides, name) : Path.Combine(shipped, name);
                if (!File.Exists(path))
                {
                    problems.Add($"{name}: missing");
                    continue;
                }

                var text = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n").Trim();
                var title = NoticeKinds.Name(kind);
                if (channel == NoticeChannels.Email)
                {
                    var firstLine = text.Split('\n', 2);
                    if (!firstLine[0].StartsWith("Subject:", StringComparison.Ordinal) || firstLine.Length < 2)
                    {
                        problems.Add($"{path}: an email template begins with a line 'Subject: …' and then the body");
                        continue;
                    }

                    title = firstLine[0]["Subject:".Length..].Trim();
                    text = firstLine[1].Trim();
                }

                var unknown = Placeholder().Matches(title + "\n" + text).Select(m => m.Groups[1].Value)
                    .Where(n => !Common.Contains(n) && !Offered[kind].Contains(n)).Distinct().ToList();
                if (unknown.Count > 0)
                {
                    problems.Add($"{path}: {{{{{string.Join("}}, {{", unknown)}}}}} not offered by this notice (it offers {string.Join(", ", Common.Concat(Offered[kind]))})");
                }

                _templates[(kind, channel)] = (title, text);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Notice templates are not usable: " + string.Join("; ", problems));
        }
    }

    /// <summary>The notice's title and text on the channel, with <paramref name="fields"/> put in (each value once, as it is).</summary>
    public RenderedNotice Render(string kind, string channel, IReadOnlyDictionary<string, string> fields)
    {
        var (title, body) = _templates[(kind, channel)];
        string Fill(string template) => Placeholder().Replace(template, m => fields.GetValueOrDefault(m.Groups[1].Value, ""));
        return new RenderedNotice(Fill(title), Fill(body), fields);
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
