using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tthc.Contracts;

namespace Tthc.Notifications.Domain;

/// <summary>What a notice tells the citizen: one of the steps the law names.</summary>
public static class NoticeKinds
{
    public const string Receipt = "receipt";
    public const string SupplementRequested = "supplement-requested";
    public const string SupplementReceived = "supplement-received";
    public const string ApologyIssued = "apology-issued";
    public const string ResultReady = "result-ready";
    public const string Refused = "refused";
    public const string Stopped = "stopped";
    public const string PetitionAnswered = "petition-answered";

    public static readonly IReadOnlyList<string> All =
        [Receipt, SupplementRequested, SupplementReceived, ApologyIssued, ResultReady, Refused, Stopped, PetitionAnswered];

    /// <summary>What officers read for a text message's notice, which has no subject of its own.</summary>
    public static string Name(string kind) => kind switch
    {
        Receipt => "Thông báo tiếp nhận hồ sơ",
        SupplementRequested => "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        SupplementReceived => "Đã nhận bổ sung, hẹn trả kết quả mới",
        ApologyIssued => "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        ResultReady => "Hồ sơ đã có kết quả",
        Refused => "Từ chối tiếp nhận giải quyết hồ sơ",
        Stopped => "Dừng giải quyết hồ sơ",
        PetitionAnswered => "Trả lời phản ánh, kiến nghị",
        _ => kind,
    };
}

/// <summary>How a notice reaches the citizen.</summary>
public static class NoticeChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Zalo = "zalo";

    public static readonly IReadOnlyList<string> All = [Email, Sms, Zalo];
}

public enum NoticeStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Queued,

    /// <summary>The mail server or the provider took it.</summary>
    Sent,

    /// <summary>The provider reported it reached the phone.</summary>
    Delivered,

    /// <summary>Given up after its retries, or refused for good: a dead letter, which an officer may send again.</summary>
    Failed,
}

/// <summary>
/// One notice on one channel, made once per event and channel (the inbox and a unique key see to it), then sent by
/// <see cref="Workers.NoticeDispatcher"/> with retries and backoff. Its text (which may carry the lookup secret) is
/// kept only until it is sent.
/// </summary>
public sealed partial class Notice
{
    public Guid Id { get; init; } = Uuid7.Create();

    /// <summary>The dossier or petition code.</summary>
    public required string About { get; init; }

    public required string Kind { get; init; }

    public required string Channel { get; init; }

    /// <summary>The event that asked for it: one notice per event and channel.</summary>
    public required string EventId { get; init; }

    public Guid? ApologyId { get; init; }

    /// <summary>The units whose officers see it (the receiving and the deciding unit).</summary>
    public required string UnitCode { get; init; }

    public string? ResponsibleUnitCode { get; init; }

    /// <summary>The email address or the phone number.</summary>
    [PersonalData]
    public required string Address { get; init; }

    public required string Title { get; init; }

    /// <summary>The text to send; cleared once sent (it may carry the lookup secret).</summary>
    public string? Body { get; private set; }

    /// <summary>The template's values, for providers that take values rather than text (Zalo ZNS); cleared with the body.</summary>
    public string? Fields { get; private set; }

    public NoticeStatus Status { get; private set; } = NoticeStatus.Queued;

    public int Attempts { get; private set; }

    /// <summary>When the dispatcher next takes it (indexed); null when it is done.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public string? ProviderMessageId { get; private set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>When a provider reported the phone got it: no provider's delivery report is taken yet (see README).</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>
    /// Stands, in a queued notice's text, for <c>?secret=…</c> with the dossier's secret as it is when the notice is
    /// sent: the text at rest holds no secret, and a secret replaced meanwhile (a lost receipt) is the one the link carries.
    /// </summary>
    public const char SecretMark = '\uE000';

    /// <summary>Values a provider that takes values (Zalo) is not given: links, which carry secrets or tokens, and long lists.</summary>
    public static readonly IReadOnlyList<string> LinkFields = ["lookupUrl", "optOutUrl", "documentUrl", "answerUrl", "missing"];

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Notice Queue(string about, string kind, string channel, string eventId, Guid? apologyId, string unitCode, string? responsibleUnitCode,
        string address, RenderedNotice text, DateTimeOffset now) => new()
    {
        About = about, Kind = kind, Channel = channel, EventId = eventId, ApologyId = apologyId, UnitCode = unitCode,
        ResponsibleUnitCode = responsibleUnitCode, Address = address, Title = Cut(text.Title, MaxTitleLength), Body = text.Body,
        Fields = channel == NoticeChannels.Zalo
            ? JsonSerializer.Serialize(text.Fields.Where(f => !LinkFields.Contains(f.Key)).ToDictionary(), Readable)
            : null,
        CreatedAt = now, NextAttemptAt = now,
    };

    public const int MaxTitleLength = 300;

    /// <summary>A notice that cannot be sent at all (no address for the channel, the citizen opted out): failed at once.</summary>
    public static Notice Refused(string about, string kind, string channel, string eventId, Guid? apologyId, string unitCode, string? responsibleUnitCode,
        string title, string error, DateTimeOffset now)
    {
        var notice = new Notice
        {
            About = about, Kind = kind, Channel = channel, EventId = eventId, ApologyId = apologyId, UnitCode = unitCode,
            ResponsibleUnitCode = responsibleUnitCode, Address = "", Title = Cut(title, MaxTitleLength), CreatedAt = now,
        };
        notice.Fail(now, error);
        return notice;
    }

    /// <summary>Taken by a dispatcher: not taken again before <paramref name="leaseUntil"/> (if the process dies, then it is).</summary>
    public void Lease(DateTimeOffset leaseUntil) => NextAttemptAt = leaseUntil;

    public void MarkSent(DateTimeOffset at, string? providerMessageId)
    {
        Attempts++;
        Status = NoticeStatus.Sent;
        SentAt = at;
        ProviderMessageId = providerMessageId;
        NextAttemptAt = null;
        LastError = null;
        Body = null;
        Fields = null;
    }

    /// <summary>An attempt failed: tried again after <paramref name="retryAt"/>, or, with none, failed for good.</summary>
    public void AttemptFailed(DateTimeOffset at, string error, DateTimeOffset? retryAt)
    {
        Attempts++;
        if (retryAt is null)
        {
            Fail(at, error);
            return;
        }

        LastError = Trim(error);
        NextAttemptAt = retryAt;
    }

    /// <summary>Not to be sent after all (the citizen opted out meanwhile): failed with the reason, never tried, its text dropped.</summary>
    public void Withhold(DateTimeOffset at, string reason)
    {
        Fail(at, reason);
        Body = null;
        Fields = null;
    }

    /// <summary>An officer sends a dead letter again (after the gateway was fixed, say): its retries start over.</summary>
    public bool Redrive(DateTimeOffset at)
    {
        if (Status != NoticeStatus.Failed || Body is null)
        {
            return false;
        }

        Status = NoticeStatus.Queued;
        Attempts = 0;
        FailedAt = null;
        NextAttemptAt = at;
        return true;
    }

    private void Fail(DateTimeOffset at, string error)
    {
        Status = NoticeStatus.Failed;
        FailedAt = at;
        LastError = Trim(error);
        NextAttemptAt = null;
    }

    /// <summary>
    /// An error as kept and shown: without the addresses a server's answer may quote ("5.1.1 &lt;an@example.vn&gt;: no such
    /// user"), masked as in the logs, and at most 500 characters.
    /// </summary>
    private static string Trim(string error) =>
        Cut(PersonalPattern().Replace(Cut(error, 2000), m => PersonalDataRedactor.Mask(m.Value)), 500);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>An email address, or a Vietnamese phone number (0… or 84…, 10–11 digits) standing alone (not a part of an IP address or a code).</summary>
    [GeneratedRegex(@"[^\s<>()\[\]:;,""']+@[^\s<>()\[\]:;,""']+|(?<![\d.])(?:\+?84|0)\d{8,10}(?![\d.])")]
    private static partial Regex PersonalPattern();
}

/// <summary>A notice's text for one channel: its title (an email's subject), its body, and the values it was made from.</summary>
public sealed record RenderedNotice(string Title, string Body, IReadOnlyDictionary<string, string> Fields);
