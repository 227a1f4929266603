using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Channels;

/// <summary>Email through the configured SMTP server (MailKit): one connection for a round's notices.</summary>
public sealed partial class EmailChannel(IOptions<NotificationsOptions> options) : INoticeChannel
{
    public string Name => NoticeChannels.Email;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingNotice> notices, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return SendOutcome.All(notices.Count, SendOutcome.GiveUp("Chưa cấu hình máy chủ thư / no SMTP server is configured (Notifications:Smtp:Host)."));
        }

        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex)
        {
            return SendOutcome.All(notices.Count, SendOutcome.TryAgain($"SMTP {smtp.Host}:{smtp.Port}: {ex.Message}"));
        }

        var outcomes = new List<SendOutcome>(notices.Count);
        foreach (var notice in notices)
        {
            if (!client.IsConnected)
            {
                outcomes.Add(SendOutcome.TryAgain("SMTP connection lost"));
                continue;
            }

            if (!MailboxAddress.TryParse(notice.Address, out var to))
            {
                outcomes.Add(SendOutcome.GiveUp("Địa chỉ thư không hợp lệ / not a mail address."));
                continue;
            }

            using var message = new MimeMessage
            {
                Subject = notice.Title,
                Body = new BodyBuilder { TextBody = notice.Text, HtmlBody = Html(notice.Text) }.ToMessageBody(),
                MessageId = $"{notice.Id:N}@tthc",
            };
            message.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
            message.To.Add(to);
            message.Headers.Add("X-Tthc-Notice", notice.Id.ToString());
            message.Headers.Add("X-Tthc-About", notice.About);
            try
            {
                await client.SendAsync(message, cancellationToken);
                outcomes.Add(SendOutcome.Taken(message.MessageId));
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                // 5xx: the server will never take this one (no such mailbox, refused): retrying changes nothing.
                outcomes.Add(SendOutcome.GiveUp($"SMTP {(int)ex.StatusCode}: {ex.Message}"));
            }
            catch (NotSupportedException ex)
            {
                // An address this server cannot take (non-ASCII without SMTPUTF8): it never will.
                outcomes.Add(SendOutcome.GiveUp($"SMTP: {ex.Message}"));
            }
            catch (Exception ex)
            {
                // The connection, the server or the client failed on this one: it is tried again; the next ones go on
                // (or find the connection gone).
                outcomes.Add(SendOutcome.TryAgain($"SMTP: {ex.Message}"));
            }
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(true, cancellationToken);
            }
            catch (Exception)
            {
                // Sent is sent: a failed goodbye changes nothing.
            }
        }

        return outcomes;
    }

    /// <summary>
    /// The same text as HTML, beside the plain one: in a proportional font whatever the mail client's default, and its
    /// links clickable.
    /// </summary>
    public static string Html(string text)
    {
        var escaped = System.Net.WebUtility.HtmlEncode(text);
        var linked = Link().Replace(escaped, m => $"<a href=\"{m.Value}\">{m.Value}</a>");
        return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"></head>" +
               "<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a\">" +
               $"<div style=\"white-space: pre-wrap\">{linked}</div></body></html>";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<]+")]
    private static partial System.Text.RegularExpressions.Regex Link();

    private static SecureSocketOptions Security(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" or "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
