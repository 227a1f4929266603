using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Apologies.Domain;

/// <summary>
/// Phiếu xin lỗi và hẹn lại ngày trả kết quả (Circular 01/2018, form 04), since 2025 Phiếu xin lỗi và đề nghị gia hạn
/// thời gian giải quyết (Circular 03/2025, form 04): the written apology a late unit owes the citizen, with a new
/// appointment date. One per dossier; the law allows the appointment to move once.
/// </summary>
public sealed class Apology
{
    public Guid Id { get; init; } = Uuid7.Create();

    public required string CaseCode { get; init; }

    /// <summary>The unit that is late and issues the apology (the dossier's deciding unit).</summary>
    public required string UnitCode { get; init; }

    /// <summary>The one-stop office that received the dossier and delivers the apology.</summary>
    public required string ReceivingUnitCode { get; init; }

    public required string ProcedureCode { get; init; }

    public ApologyStatus Status { get; private set; } = ApologyStatus.Draft;

    /// <summary>What opened it: due-soon, overdue, decided-late or import.</summary>
    public required string OpenedBy { get; init; }

    /// <summary>The sequence in <c>&lt;n&gt;/PXL</c>, per unit per year of issue; set when signed.</summary>
    public int? Number { get; private set; }

    /// <summary>The year the number belongs to (Vietnam date of issue).</summary>
    public int? NumberYear { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>The appointment on the receipt: lateness is judged against it.</summary>
    public required DateTimeOffset OriginalDueAt { get; init; }

    public DateOnly? NewAppointmentDate { get; private set; }

    public required DateTimeOffset DraftedAt { get; init; }

    public DateTimeOffset? IssuedAt { get; private set; }

    /// <summary>Issued after the original appointment had passed: still an apology, reported as issued late.</summary>
    public bool IssuedLate { get; private set; }

    public string? SignedBy { get; private set; }

    /// <summary>The full name of the leader who signed, as printed under the signature.</summary>
    public string? SignerName { get; private set; }

    /// <summary>The signer's position (chức vụ), e.g. "Phó Giám đốc".</summary>
    public string? SignerTitle { get; private set; }

    /// <summary>When it appeared on the unit's public page; null while unpublished.</summary>
    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>The dossier was decided late while this apology was not issued: a compliance failure was reported.</summary>
    public bool ReportedMissing { get; set; }

    public RescheduleState Reschedule { get; private set; } = RescheduleState.NotYet;

    /// <summary>Why Cases did not move the appointment, or when it did.</summary>
    public string? RescheduleNote { get; private set; }

    /// <summary>When Apologies must next talk to Cases about it (fetch the form's facts, move the appointment); null when nothing is owed.</summary>
    public DateTimeOffset? NextLinkAt { get; set; }

    /// <summary>Failed conversations with Cases in a row, for the backoff.</summary>
    public int LinkAttempts { get; private set; }

    /// <summary>The form's facts about the dossier, copied from Cases once (a signed letter does not change).</summary>
    public CaseDetails? Details { get; private set; }

    public List<ApologyDelivery> Deliveries { get; init; } = [];

    /// <summary>Optimistic concurrency: two officers editing one apology at once cannot both win unseen.</summary>
    public int Version { get; set; }

    /// <summary>The number as printed on the form, e.g. <c>12/PXL</c>; Decree 30/2020 writes numbers below 10 with a leading zero (<c>01/PXL</c>).</summary>
    public string? NumberText => Number is { } n ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n:00}/PXL") : null;

    public bool IsOpen => Status is ApologyStatus.Draft or ApologyStatus.AwaitingSignature;

    /// <summary>
    /// The legal moment: the apology must reach the citizen at least one working day before the appointment, so by
    /// the end of the working day before the appointment's day.
    /// </summary>
    public required DateTimeOffset LegalDeadline { get; init; }

    public static DateTimeOffset LegalDeadlineFor(DateTimeOffset originalDueAt, WorkingCalendar calendar)
    {
        var dayBefore = calendar.StartOfWorkingDayBefore(originalDueAt).ToOffset(VietnamTime.Offset);
        return new DateTimeOffset(DateOnly.FromDateTime(dayBefore.DateTime).ToDateTime(calendar.Hours.AfternoonEnd), VietnamTime.Offset)
            .ToUniversalTime();
    }

    /// <summary>The unit's officer gives the reason and the new date; it then waits for the leader's signature.</summary>
    public void Complete(string reason, DateOnly newAppointmentDate)
    {
        EnsureOpen("complete");
        Reason = reason;
        NewAppointmentDate = newAppointmentDate;
        Status = ApologyStatus.AwaitingSignature;
        Version++;
    }

    /// <summary>The leader signs: the apology gets its number and is issued; Cases is then asked to move the appointment.</summary>
    public void Sign(int number, int year, DateTimeOffset at, string signedBy, Signer signer)
    {
        if (Status != ApologyStatus.AwaitingSignature)
        {
            throw new ApologyTransitionException(Status == ApologyStatus.Draft
                ? "Chưa có lý do và ngày hẹn mới / the reason and the new appointment date must be given before signing."
                : $"Phiếu đang ở trạng thái {ApologyStatusNames.Name(Status)} / the apology is {ApologyStatusNames.Name(Status)} and cannot be signed.");
        }

        Number = number;
        NumberYear = year;
        IssuedAt = at;
        IssuedLate = at > OriginalDueAt;
        SignedBy = signedBy;
        (SignerName, SignerTitle) = (signer.Name, signer.Title);
        Status = ApologyStatus.Issued;
        Reschedule = RescheduleState.Pending;
        NextLinkAt = at;
        Version++;
    }

    /// <summary>A historical apology from the old system, issued as it was.</summary>
    public void Import(string reason, DateOnly newAppointmentDate, int number, int year, DateTimeOffset issuedAt, bool reschedule, Signer? signer)
    {
        EnsureOpen("import");
        Reason = reason;
        NewAppointmentDate = newAppointmentDate;
        Number = number;
        NumberYear = year;
        IssuedAt = issuedAt;
        IssuedLate = issuedAt > OriginalDueAt;
        SignedBy = "import";
        (SignerName, SignerTitle) = (signer?.Name, signer?.Title);
        Status = ApologyStatus.Issued;
        Reschedule = reschedule ? RescheduleState.Pending : RescheduleState.NotNeeded;
        NextLinkAt = reschedule ? issuedAt : null;
        Version++;
    }

    /// <summary>
    /// What an issue tells the other services, at the instant of issue: issued, and — unless the province publishes by
    /// hand (<c>Apologies:PublishOnIssue</c> off) — published on the unit's page at the same moment.
    /// </summary>
    public IEnumerable<IntegrationEvent> IssueEvents(DateTimeOffset at, bool publish)
    {
        if (Status != ApologyStatus.Issued)
        {
            throw new InvalidOperationException("Only an issued apology tells of its issue.");
        }

        yield return new ApologyIssued
        {
            OccurredAt = at, ApologyId = Id, CaseCode = CaseCode, UnitCode = UnitCode, Number = NumberText!,
            NewAppointmentDate = NewAppointmentDate!.Value, IssuedLate = IssuedLate, OriginalDueAt = OriginalDueAt, ProcedureCode = ProcedureCode,
            Reason = Reason, UnitName = Details?.UnitName,
        };
        if (publish)
        {
            Publish(at);
            yield return new ApologyPublished { OccurredAt = at, ApologyId = Id, CaseCode = CaseCode, UnitCode = UnitCode };
        }
    }

    public void Publish(DateTimeOffset at) => PublishedAt ??= at;

    public void Cancel(DateTimeOffset at, string reason)
    {
        EnsureOpen("cancel");
        Status = ApologyStatus.Cancelled;
        CancelledAt = at;
        CancelReason = reason;
    }

    public void Describe(CaseDetails details) => Details = details;

    public void Rescheduled(string note) => (Reschedule, RescheduleNote) = (RescheduleState.Done, note);

    public void RescheduleRefused(string note) => (Reschedule, RescheduleNote) = (RescheduleState.Refused, note);

    /// <summary>Whether anything is still owed to or from Cases.</summary>
    public bool NeedsCases => Details is null || Reschedule == RescheduleState.Pending;

    /// <summary>A conversation with Cases succeeded; the next one (if any is owed) can happen at once.</summary>
    public void Linked(DateTimeOffset now) => (LinkAttempts, NextLinkAt) = (0, NeedsCases ? now : null);

    /// <summary>Cases could not be reached: try again later, backing off up to an hour.</summary>
    public void LinkFailed(DateTimeOffset now)
    {
        LinkAttempts++;
        NextLinkAt = now + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Min(LinkAttempts, 12))));
    }

    private void EnsureOpen(string action)
    {
        if (!IsOpen)
        {
            throw new ApologyTransitionException(
                $"Phiếu đã {(Status == ApologyStatus.Issued ? "được ký ban hành" : "bị hủy")} / the apology is already {ApologyStatusNames.Name(Status)}; cannot {action}.");
        }
    }
}

/// <summary>What the form says about the dossier and the citizen, from Cases.</summary>
public sealed class CaseDetails
{
    [PersonalData]
    public required string ApplicantName { get; init; }

    [PersonalData]
    public string? ApplicantIdNumber { get; init; }

    /// <summary>A business or another body: the letter addresses it by its name, not "Ông/Bà".</summary>
    public bool ApplicantIsOrganisation { get; init; }

    /// <summary>How letters and notices address the applicant: "Ông/Bà &lt;name&gt;", or an organisation's name.</summary>
    public string Addressee => ApplicantIsOrganisation ? ApplicantName : $"Ông/Bà {ApplicantName}";

    [PersonalData]
    public string? ApplicantAddress { get; init; }

    public required string ProcedureName { get; init; }

    public required string UnitName { get; init; }

    public required string ReceivingUnitName { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Initials only, for the public page (Decree 13/2023): "Nguyễn Văn An" → "N.V.A.".</summary>
    public string ApplicantInitials =>
        string.Concat(ApplicantName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + "."));
}

/// <summary>Delivery of the apology to the citizen, by the one-stop office.</summary>
public sealed class ApologyDelivery
{
    public long Id { get; init; }

    public Guid ApologyId { get; init; }

    /// <summary>counter | post | email | sms | zalo | portal</summary>
    public required string Channel { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string RecordedBy { get; init; }

    public string? Note { get; init; }

    /// <summary>The Notifications notice that made this delivery (email, SMS, Zalo): recorded once whatever the redeliveries.</summary>
    public Guid? NoticeId { get; init; }

    public static readonly IReadOnlyList<string> Channels = ["counter", "post", "email", "sms", "zalo", "portal"];
}

/// <summary>A unit's apology numbers in a year: from 1, without gaps or repeats (taken in the signing transaction).</summary>
public sealed class ApologySequence
{
    public required string UnitCode { get; init; }

    public required int Year { get; init; }

    /// <summary>The last number taken (see <c>ApologiesDbContext.TakeNumberAsync</c>).</summary>
    public int Last { get; init; }
}

public enum ApologyStatus
{
    /// <summary>Opened automatically; waiting for the unit to give the reason and new date.</summary>
    Draft,

    /// <summary>Reason and date given; waiting for the leader's signature.</summary>
    AwaitingSignature,

    /// <summary>Signed and numbered.</summary>
    Issued,

    /// <summary>The dossier was decided in time after all, refused or stopped.</summary>
    Cancelled,
}

/// <summary>Where asking Cases to move the appointment stands.</summary>
public enum RescheduleState
{
    NotYet,
    Pending,
    Done,

    /// <summary>Cases said no: already moved once, or the dossier is no longer open.</summary>
    Refused,

    /// <summary>A historical apology for a dossier already finished.</summary>
    NotNeeded,
}

/// <summary>A change the apology's state does not allow; answered with 409.</summary>
public sealed class ApologyTransitionException(string message) : Exception(message);

/// <summary>The kebab-case names clients use for <see cref="ApologyStatus"/>.</summary>
public static class ApologyStatusNames
{
    private static readonly Dictionary<string, ApologyStatus> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["draft"] = ApologyStatus.Draft,
        ["awaiting-signature"] = ApologyStatus.AwaitingSignature,
        ["issued"] = ApologyStatus.Issued,
        ["cancelled"] = ApologyStatus.Cancelled,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ApologyStatus status) => ByName.TryGetValue(name, out status);

    public static string Name(ApologyStatus status) => status switch
    {
        ApologyStatus.Draft => "draft",
        ApologyStatus.AwaitingSignature => "awaiting-signature",
        ApologyStatus.Issued => "issued",
        _ => "cancelled",
    };
}
