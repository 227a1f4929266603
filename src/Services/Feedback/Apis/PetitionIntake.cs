using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Feedback.Data;
using Tthc.Feedback.Domain;
using Tthc.Feedback.Grpc;
using Tthc.Messaging;

namespace Tthc.Feedback.Apis;

/// <summary>
/// Receiving a petition, the same whether the citizen sends it online or an officer enters it from the hotline, a
/// letter or an email: checked, coded (<c>PA-YYMMDD-NNNN</c>, gap-free per day), given a secret for the sender and its
/// deadlines, saved with its <c>feedback.received</c> event.
/// </summary>
public sealed partial class PetitionIntake(
    FeedbackDbContext db, EventPublisher events, CalendarsInForce calendars, UnitDirectory units, ICasesClient cases,
    IOptions<FeedbackOptions> options)
{
    public const int MaxTitle = 300;
    public const int MaxContent = 4000;
    public const int MaxName = 200;

    /// <summary>Checks and saves; the errors by field (422), or null with the receipt. Throws <see cref="RpcException"/> when Cases cannot answer.</summary>
    public async Task<(Dictionary<string, string[]>? Errors, PetitionReceipt? Receipt)> ReceiveAsync(
        PetitionRequest? request, string channel, string receivedBy, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["Thiếu nội dung phản ánh, kiến nghị / the petition is missing."];
            return (errors, null);
        }

        if (!PetitionKinds.TryParse(request.Kind, out var kind))
        {
            errors["kind"] = ["Loại phản ánh phải là regulation, procedure hoặc dossier / kind must be regulation, procedure or dossier."];
        }

        var title = request.Title?.Trim();
        if (!FreeText.IsValid(title, MaxTitle))
        {
            errors["title"] = [FreeText.Rule(MaxTitle)];
        }

        var content = request.Content?.Trim();
        if (!FreeText.IsValid(content, MaxContent))
        {
            errors["content"] = [FreeText.Rule(MaxContent)];
        }

        var sender = CheckSender(request.Sender, errors);
        if (request.UnitCode is not null && !UnitCode.IsValid(request.UnitCode))
        {
            errors["unitCode"] = [UnitCode.Invalid];
        }

        var caseCode = string.IsNullOrWhiteSpace(request.CaseCode) ? null : request.CaseCode.Trim();
        if (kind == PetitionKind.Dossier && caseCode is null && !errors.ContainsKey("kind"))
        {
            errors["caseCode"] = ["Phản ánh về hồ sơ phải ghi mã hồ sơ / a petition about a dossier names its code (caseCode)."];
        }
        else if (caseCode is { Length: > 40 } || (caseCode is not null && caseCode.Any(char.IsControl)))
        {
            errors["caseCode"] = ["Mã hồ sơ không hợp lệ / caseCode is not a dossier code."];
        }

        if (kind != PetitionKind.Dossier && request.UnitCode is null && !errors.ContainsKey("kind"))
        {
            errors["unitCode"] = ["Phải chọn cơ quan, đơn vị được phản ánh / unitCode is required (the unit the petition is about)."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        // About a dossier: it goes to the unit deciding it, unless the sender named another.
        var unitCode = request.UnitCode;
        if (caseCode is not null)
        {
            var dossier = await cases.GetAsync(caseCode, cancellationToken);
            if (dossier is null)
            {
                errors["caseCode"] = ["Không tìm thấy hồ sơ có mã này / no dossier has this code."];
                return (errors, null);
            }

            unitCode ??= dossier.ResponsibleUnitCode;
        }

        if (!(await units.GetAsync(cancellationToken)).ContainsKey(unitCode!))
        {
            errors["unitCode"] = ["Không có đơn vị với mã này / no unit has this code."];
            return (errors, null);
        }

        var calendar = calendars.Current;
        var day = VietnamTime.DateOf(receivedAt).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var secret = LookupSecret.New();
        using var turn = await db.WriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var number = await db.TakeCodeNumberAsync(day, cancellationToken);
        var code = $"PA-{day}-{number:D4}";
        // Kept composed: a text typed with combining accents reads and prints as the same words.
        var petition = Petition.Receive(code, LookupSecret.Hash(code, secret), kind, channel, caseCode, unitCode!,
            VietnameseText.Composed(title!), VietnameseText.Composed(content!), sender! with { FullName = VietnameseText.Composed(sender!.FullName) },
            receivedBy, receivedAt, options.Value, calendar);
        petition.ScheduleCheck(calendar);
        db.Petitions.Add(petition);
        events.Publish(db, petition.ReceivedEvent());
        if (petition.SenderEmail is not null || petition.SenderPhone is not null)
        {
            // How to reach the sender, for Notifications alone (its own topic): it tells the sender of the answer.
            events.Publish(db, new PetitionContactGiven
            {
                OccurredAt = receivedAt, PetitionCode = code, UnitCode = petition.UnitCode, Title = petition.Title,
                SenderName = petition.SenderName, Email = petition.SenderEmail, Phone = petition.SenderPhone,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, new PetitionReceipt(code, LookupSecret.Canonical(secret)!, petition.UnitCode, petition.ReceivedAt, petition.ClassifyDueAt, petition.AnswerDueAt));
    }

    private static Sender? CheckSender(SenderRequest? sender, Dictionary<string, string[]> errors)
    {
        if (sender is null)
        {
            errors["sender"] = ["Phải ghi thông tin người gửi (có thể ẩn danh nhưng phải có số điện thoại hoặc thư điện tử) / sender is required: a name, or anonymous with a phone or an email."];
            return null;
        }

        var name = sender.FullName?.Trim() ?? "";
        if (name.Length > 0 && !FreeText.IsName(name, MaxName))
        {
            errors["sender.fullName"] = [$"Họ tên người gửi phải có chữ cái, tối đa {MaxName} ký tự, không chứa ký tự điều khiển / the sender's name needs a letter, at most {MaxName} characters, no control characters."];
        }

        var phone = string.IsNullOrWhiteSpace(sender.Phone) ? null : sender.Phone.Trim();
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            errors["sender.phone"] = ["Số điện thoại gồm 8–15 chữ số, có thể bắt đầu bằng + / phone must be 8 to 15 digits, optionally after a +."];
        }

        var email = string.IsNullOrWhiteSpace(sender.Email) ? null : sender.Email.Trim();
        if (email is not null && (email.Length > MaxName || !EmailPattern().IsMatch(email)))
        {
            errors["sender.email"] = ["Địa chỉ thư điện tử không hợp lệ / email is not an email address."];
        }

        if (phone is null && email is null)
        {
            errors["sender"] = ["Phải có số điện thoại hoặc thư điện tử để nhận kết quả / a phone or an email is required, to receive the answer."];
        }

        return new Sender(name, phone, email);
    }

    [GeneratedRegex(@"^\+?[0-9]{8,15}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s\p{C}]+@[^@\s\p{C}]+\.[^@\s\p{C}]+$")]
    private static partial Regex EmailPattern();
}

/// <param name="Kind">regulation | procedure | dossier</param>
/// <param name="CaseCode">With kind dossier: the dossier's code (its deciding unit receives the petition).</param>
/// <param name="Channel">Officers only: hotline | letter | email | counter.</param>
/// <param name="ReceivedAt">Officers only: when the letter, call or email came (not in the future, at most a year ago); now when absent.</param>
public sealed record PetitionRequest(
    string? Kind, string? CaseCode, string? UnitCode, string? Title, string? Content, SenderRequest? Sender,
    string? Channel = null, DateTimeOffset? ReceivedAt = null);

public sealed record SenderRequest(string? FullName, string? Phone, string? Email);

/// <summary>What the sender keeps: the code and the secret to follow the petition, and when the answer is due.</summary>
public sealed record PetitionReceipt(string Code, string LookupSecret, string UnitCode, DateTimeOffset ReceivedAt, DateTimeOffset ClassifyDueAt, DateTimeOffset DueAt);
