namespace Tthc.Messaging;

/// <summary>
/// The one kind of Dapr routing rule Tthc declares (<c>event.type == "…"</c>, a CEL expression over the CloudEvent),
/// written by subscribers and read back by the direct transport, which has no CEL engine.
/// </summary>
public static class RoutingRule
{
    private const string Prefix = "event.type == \"";

    public static string Match(string cloudEventType) => $"{Prefix}{cloudEventType}\"";

    /// <summary>The event type a rule selects, or null for any other expression.</summary>
    public static string? TypeOf(string? match)
    {
        var text = match?.Trim();
        return text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith('"') && text.Length > Prefix.Length + 1
               && text.IndexOf('"', Prefix.Length) == text.Length - 1
            ? text[Prefix.Length..^1]
            : null;
    }
}
