using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Notifications.Data;
using Tthc.Notifications.Workers;

namespace Tthc.Notifications.Domain;

/// <summary>
/// Turns an event about a dossier or a petition into its notices: one per channel the citizen chose (or the one the
/// officer asked for), in the delivery's transaction, for the dispatcher to send.
/// </summary>
public sealed class NoticeDesk(
    NotificationsDbContext db, NoticeTemplates templates, SecretBox secrets, IOptions<NotificationsOptions> options,
    EventPublisher events, NoticeDispatcher dispatcher, RecipientBatch batch, TimeProvider time)
{
    private string BaseUrl => options.Value.PublicBaseUrl?.TrimEnd('/') ?? "";

    /// <summary>The recipient, from the batch's one query (see <see cref="RecipientBatch"/>), an earlier lookup or its own.</summary>
    public async Task<Recipient?> FindAsync(string about, CancellationToken cancellationToken)
    {
        if (batch.TryGet(about, out var known))
        {
            return known;
        }

        var recipient = await db.Recipients.SingleOrDefaultAsync(r => r.About == about, cancellationToken);
        batch.Remember(about, recipient);
        return recipient;
    }

    /// <summary>A new recipient, kept with the delivery and found by the next events of the same batch.</summary>
    public void Add(Recipient recipient) => batch.Add(recipient);

    /// <summary>The notices of <paramref name="e"/>: on the chosen channels, or on <paramref name="asked"/> alone.</summary>
    public void Queue(Recipient recipient, string kind, IntegrationEvent e, Dictionary<string, string> fields, string? asked = null, Guid? apologyId = null)
    {
        fields["code"] = recipient.About;
        fields["addressee"] = recipient.Addressee;
        fields["topic"] = recipient.Topic;
        fields["unitName"] = recipient.UnitName ?? "";

        // What people typed never carries the secret's mark; the links do, for the dispatcher to put the secret in.
        foreach (var (name, value) in fields)
        {
            fields[name] = value.Replace(Notice.SecretMark.ToString(), "", StringComparison.Ordinal);
        }

        var code = Uri.EscapeDataString(recipient.About);
        var secret = recipient.Subject == Recipient.Case ? Notice.SecretMark.ToString() : "";
        fields["lookupUrl"] = recipient.Subject == Recipient.Petition ? $"{BaseUrl}/public/feedback/{code}" : $"{BaseUrl}/public/cases/{code}{secret}";
        fields["optOutUrl"] = $"{BaseUrl}/public/notifications/opt-out?code={code}&token={secrets.OptOutToken(recipient.About)}";
        fields.TryAdd("documentUrl", $"{BaseUrl}/public/apologies/{code}/document.docx{secret}");
        fields.TryAdd("answerUrl", $"{BaseUrl}/public/feedback/{code}");

        var now = time.GetUtcNow();
        var eventId = e.Id.ToString();
        var queued = false;
        foreach (var channel in asked is null ? recipient.ChosenChannels.Distinct() : [asked])
        {
            var address = recipient.AddressFor(channel);
            string? refusal = recipient.OptedOutAt is not null ? NoticeDispatcher.OptedOut
                : address is null ? (channel == NoticeChannels.Email ? "Hồ sơ không có địa chỉ thư điện tử / no email address was given."
                    : "Hồ sơ không có số điện thoại / no phone number was given.")
                : null;
            if (refusal is null)
            {
                batch.Add(Notice.Queue(recipient.About, kind, channel, eventId, apologyId, recipient.UnitCode, recipient.ResponsibleUnitCode,
                    address!, templates.Render(kind, channel, fields), now));
                queued = true;
            }
            else if (asked is not null)
            {
                // Asked for by an officer: the refusal is recorded, and told back, so the apology's delivery is not awaited.
                var notice = Notice.Refused(recipient.About, kind, channel, eventId, apologyId, recipient.UnitCode, recipient.ResponsibleUnitCode,
                    templates.Render(kind, channel, fields).Title, refusal, now);
                batch.Add(notice);
                events.Publish(db, NoticeDispatcher.Failed(notice, now));
            }
        }

        if (queued)
        {
            db.AfterCommit(dispatcher.Wake);
        }
    }

    /// <summary>An officer asked to send an apology to a citizen of whom nothing is known here: refused, and told back.</summary>
    public void Unreachable(ApologyDeliveryRequested e)
    {
        var now = time.GetUtcNow();
        var notice = Notice.Refused(e.CaseCode, NoticeKinds.ApologyIssued, e.Channel, e.Id.ToString(), e.ApologyId, e.ReceivingUnitCode ?? e.UnitCode, e.UnitCode,
            $"Phiếu xin lỗi số {e.Number}", "Hồ sơ không có thông tin liên lạc của người nộp / no contact was given for this dossier.", now);
        batch.Add(notice);
        events.Publish(db, NoticeDispatcher.Failed(notice, now));
    }

    /// <summary>"10:30 ngày 15/12/2026", in Vietnam's time.</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.ToOffset(VietnamTime.Offset).ToString("HH':'mm 'ngày' dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);
}
