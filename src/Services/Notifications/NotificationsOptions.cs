namespace Tthc.Notifications;

/// <summary>Settings, section <c>Notifications</c>.</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The address citizens use (the gateway's), for the links in notices.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>A folder of template files that replace the shipped ones of the same name (<c>receipt.email.txt</c>, …).</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>Attempts before a notice becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each next wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The key that encrypts the lookup secrets kept for the notices' links and signs the opt-out links (at least 32
    /// characters); without one, a key derived from the token signing key (<c>Jwt:SigningKey</c>) is used.
    /// </summary>
    public string? SecretKey { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    public ZaloOptions Zalo { get; set; } = new();

    /// <summary>The wait before attempt <paramref name="failed"/> + 1, after <paramref name="failed"/> failed ones.</summary>
    public TimeSpan RetryDelay(int failed)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Clamp(failed - 1, 0, 20));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}

/// <summary>The mail server (smtp4dev in the default run). Email is sent when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>none | starttls | tls | auto (STARTTLS when the server offers it).</summary>
    public string Security { get; set; } = "auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "noreply@tthc.local";

    public string FromName { get; set; } = "Bộ phận Một cửa";
}

/// <summary>
/// The SMS brandname gateway, in the request shape of eSMS.vn's <c>SendMultipleMessage_V4_post_json</c> (customer-care
/// messages, <c>SmsType</c> 2). SMS is sent when <see cref="Endpoint"/> is set.
/// </summary>
public sealed class SmsOptions
{
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The registered sender name shown on the phone.</summary>
    public string? Brandname { get; set; }

    /// <summary>Send with Vietnamese diacritics (dearer; many brandnames are registered without): false strips them.</summary>
    public bool Unicode { get; set; }

    /// <summary>The provider's test mode: checks the request, sends nothing, charges nothing.</summary>
    public bool Sandbox { get; set; }
}

/// <summary>
/// Zalo Notification Service (ZNS) of the province's Official Account: <c>POST /message/template</c> with the OA's
/// access token and, per notice kind, the id of the template registered with Zalo. Zalo is used when
/// <see cref="Endpoint"/> is set.
/// </summary>
public sealed class ZaloOptions
{
    public Uri? Endpoint { get; set; }

    public string? AccessToken { get; set; }

    /// <summary>Template ids by notice kind (<c>receipt</c>, <c>apology-issued</c>, …): ZNS sends only registered templates.</summary>
    public Dictionary<string, string> Templates { get; set; } = [];
}
