using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Tthc.Apologies.Notifications;

/// <summary>A message to a citizen: the channel, where it goes, and its Vietnamese text.</summary>
public sealed record CitizenNotice(string Channel, [property: PersonalData] string Recipient, string Subject, string Body);

/// <summary>The port through which apologies reach citizens by email, SMS or Zalo.</summary>
public interface IApologyNotifier
{
    Task SendAsync(CitizenNotice notice, CancellationToken cancellationToken);
}

/// <summary>
/// The default: records in the log (and so the dashboard) that a notice would go, instead of sending it. Logs are read
/// by operators, not the citizen: the recipient is masked and the text — which names the applicant — is not written
/// (Decree 13/2023); run an SMTP catcher to read notices whole.
/// </summary>
public sealed partial class LoggingNotifier(ILogger<LoggingNotifier> logger) : IApologyNotifier
{
    public Task SendAsync(CitizenNotice notice, CancellationToken cancellationToken)
    {
        Log(logger, notice.Channel, notice.Recipient, notice.Subject, notice.Body.Length);
        return Task.CompletedTask;
    }

    /// <summary>The recipient is personal data: the log's redactor masks it ("09******56", "a***@example.vn").</summary>
    [LoggerMessage(LogLevel.Information, "Notice by {Channel} to {Recipient}: {Subject} ({Length} characters, not logged)")]
    private static partial void Log(ILogger logger, string channel, [PersonalData] string recipient, string subject, int length);
}

/// <summary>SMTP settings, section <c>Notifications:Smtp</c>; email goes by SMTP when <see cref="Host"/> is set.</summary>
public sealed class SmtpSettings
{
    public const string SectionName = "Notifications:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string From { get; set; } = "noreply@tthc.local";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>Email by SMTP; other channels (SMS, Zalo) still go to the log until their gateways are configured.</summary>
public sealed class SmtpNotifier(IOptions<SmtpSettings> settings, LoggingNotifier fallback) : IApologyNotifier
{
    public async Task SendAsync(CitizenNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Channel != "email")
        {
            await fallback.SendAsync(notice, cancellationToken);
            return;
        }

        var smtp = settings.Value;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (smtp.UserName is not null)
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var message = new MailMessage(smtp.From, notice.Recipient, notice.Subject, notice.Body)
        {
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        await client.SendMailAsync(message, cancellationToken);
    }
}
