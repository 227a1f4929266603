using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.IntegrationEvents;

/// <summary>
/// Cases told how to reach the citizen of a new dossier: the contact is kept (the secret encrypted) and the receipt's
/// notice goes on the channels the citizen chose.
/// </summary>
public sealed class CaseContactHandler(NoticeDesk desk, SecretBox secrets, TimeProvider time)
    : IIntegrationEventHandler<CaseContactGiven>
{
    public async Task HandleAsync(CaseContactGiven e, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(e.CaseCode, cancellationToken) is not null)
        {
            return;
        }

        var recipient = new Recipient
        {
            About = e.CaseCode, Subject = Recipient.Case, UnitCode = e.UnitCode, ResponsibleUnitCode = e.ResponsibleUnitCode,
            Name = e.ApplicantName, IsOrganisation = e.ApplicantIsOrganisation, Email = e.Email, Phone = e.Phone,
            Channels = string.Join(',', e.Notify.Where(NoticeChannels.All.Contains).Distinct()),
            Topic = e.ProcedureName, UnitName = e.UnitName, CreatedAt = time.GetUtcNow(), NotifyFrom = e.NotifyFrom,
        };
        recipient.KeepSecret(secrets.Protect(e.LookupSecret));
        desk.Add(recipient);
        if (e.NotifyFrom is { } from && e.ReceivedAt < from)
        {
            return; // imported: the old system gave the receipt
        }

        desk.Queue(recipient, NoticeKinds.Receipt, e, new() { ["receivedAt"] = NoticeDesk.Time(e.ReceivedAt), ["dueAt"] = NoticeDesk.Time(e.DueAt) });
    }
}

/// <summary>The dossier's secret was replaced: the next notices' links carry the new one.</summary>
public sealed class SecretReplacedHandler(NoticeDesk desk, SecretBox secrets) : IIntegrationEventHandler<CaseLookupSecretReplaced>
{
    public async Task HandleAsync(CaseLookupSecretReplaced e, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(e.CaseCode, cancellationToken) is { } recipient)
        {
            recipient.KeepSecret(secrets.Protect(e.LookupSecret));
        }
    }
}

/// <summary>Feedback told how to reach the sender of a petition: by email if given, else by SMS.</summary>
public sealed class PetitionContactHandler(NoticeDesk desk, TimeProvider time) : IIntegrationEventHandler<PetitionContactGiven>
{
    public async Task HandleAsync(PetitionContactGiven e, CancellationToken cancellationToken)
    {
        if (await desk.FindAsync(e.PetitionCode, cancellationToken) is null)
        {
            desk.Add(new Recipient
            {
                About = e.PetitionCode, Subject = Recipient.Petition, UnitCode = e.UnitCode, Name = e.SenderName, Email = e.Email, Phone = e.Phone,
                Channels = e.Email is not null ? NoticeChannels.Email : e.Phone is not null ? NoticeChannels.Sms : "",
                Topic = e.Title, CreatedAt = time.GetUtcNow(),
            });
        }
    }
}

/// <summary>The steps of a dossier the law says the citizen is told of, each into its notice.</summary>
public sealed class CaseNoticeHandlers(NoticeDesk desk) :
    IIntegrationEventHandler<CaseSupplementRequested>,
    IIntegrationEventHandler<CaseSupplementReceived>,
    IIntegrationEventHandler<CaseDecided>,
    IIntegrationEventHandler<CaseRefused>,
    IIntegrationEventHandler<CaseStopped>,
    IIntegrationEventHandler<ApologyIssued>,
    IIntegrationEventHandler<ApologyDeliveryRequested>,
    IIntegrationEventHandler<PetitionAnswered>
{
    public Task HandleAsync(CaseSupplementRequested e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.SupplementRequested, e, new()
        {
            ["missing"] = string.Join("\n", e.Missing.Select(m => "  - " + m)),
            ["missingShort"] = string.Join("; ", e.Missing),
        }, cancellationToken);

    public Task HandleAsync(CaseSupplementReceived e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.SupplementReceived, e, new() { ["dueAt"] = NoticeDesk.Time(e.DueAt) }, cancellationToken);

    public Task HandleAsync(CaseDecided e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.ResultReady, e, new()
        {
            ["timeliness"] = e.Timeliness switch { Timeliness.Early => "trước hẹn", Timeliness.OnTime => "đúng hẹn", _ => "(sau ngày hẹn)" },
            ["decidedAt"] = NoticeDesk.Time(e.DecidedAt),
        }, cancellationToken);

    public Task HandleAsync(CaseRefused e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.Refused, e, new() { ["reason"] = e.Reason }, cancellationToken);

    public Task HandleAsync(CaseStopped e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.Stopped, e, new() { ["reason"] = e.Reason }, cancellationToken);

    public Task HandleAsync(ApologyIssued e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.ApologyIssued, e, ApologyFields(e.UnitName, e.Reason, e.NewAppointmentDate, e.Number),
            cancellationToken, apologyId: e.ApologyId);

    public Task HandleAsync(ApologyDeliveryRequested e, CancellationToken cancellationToken) =>
        QueueAsync(e.CaseCode, NoticeKinds.ApologyIssued, e, ApologyFields(e.UnitName, e.Reason, e.NewAppointmentDate, e.Number),
            cancellationToken, asked: e.Channel, apologyId: e.ApologyId);

    public Task HandleAsync(PetitionAnswered e, CancellationToken cancellationToken) =>
        QueueAsync(e.PetitionCode, NoticeKinds.PetitionAnswered, e, [], cancellationToken);

    private static Dictionary<string, string> ApologyFields(string? unitName, string? reason, DateOnly newDate, string number) => new()
    {
        ["apologyUnitName"] = unitName ?? "Cơ quan giải quyết hồ sơ",
        ["reason"] = reason ?? "",
        ["newDate"] = NoticeDesk.Date(newDate),
        ["number"] = number,
    };

    private async Task QueueAsync(string about, string kind, IntegrationEvent e, Dictionary<string, string> fields, CancellationToken cancellationToken,
        string? asked = null, Guid? apologyId = null)
    {
        // No contact was given at intake (or it is not known here): nobody to tell, unless an officer asked.
        if (await desk.FindAsync(about, cancellationToken) is { } recipient)
        {
            if (asked is null && recipient.NotifyFrom is { } from && e.OccurredAt < from)
            {
                return; // an imported dossier's past
            }

            desk.Queue(recipient, kind, e, fields, asked, apologyId);
        }
        else if (asked is not null && e is ApologyDeliveryRequested request)
        {
            desk.Unreachable(request);
        }
    }
}
