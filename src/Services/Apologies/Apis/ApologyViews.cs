using Tthc.Apologies.Domain;

namespace Tthc.Apologies.Apis;

public sealed record CompleteApologyRequest(string? Reason, string? NewAppointmentDate);

public sealed record DeliveryRequest(string? Channel, string? Note);

/// <param name="SignerName">Who signed the old letter, with <paramref name="SignerTitle"/> (optional: printed when known).</param>
public sealed record ImportApologyRequest(
    string? CaseCode, DateTimeOffset? IssuedAt, string? Reason, string? NewAppointmentDate, string? Number, string? SignerName = null, string? SignerTitle = null);

public sealed record ApologyPage(List<ApologyView> Items, string? NextCursor);

public sealed record IssuedApologyView(string CaseCode, string UnitCode, DateTimeOffset IssuedAt, bool IssuedLate, string Number);

public sealed record IssuedPage(List<IssuedApologyView> Items, string? NextCursor);

/// <param name="NoticeId">The notice Notifications sent, for a delivery by email, SMS or Zalo (its status at <c>/api/notifications</c>).</param>
public sealed record DeliveryView(string Channel, DateTimeOffset At, string RecordedBy, string? Note, Guid? NoticeId = null)
{
    public static DeliveryView From(ApologyDelivery d) => new(d.Channel, d.At, d.RecordedBy, d.Note, d.NoticeId);
}

public sealed record ApologyView(
    Guid Id,
    string CaseCode,
    string UnitCode,
    string? UnitName,
    string ReceivingUnitCode,
    string ProcedureCode,
    string? ProcedureName,
    string? ApplicantName,
    string Status,
    string OpenedBy,
    string? Number,
    string? Reason,
    DateTimeOffset OriginalDueAt,
    DateTimeOffset LegalDeadline,
    bool PastLegalDeadline,
    DateOnly? NewAppointmentDate,
    DateTimeOffset DraftedAt,
    DateTimeOffset? IssuedAt,
    bool IssuedLate,
    DateTimeOffset? PublishedAt,
    string Reschedule,
    string? RescheduleNote,
    string? CancelReason,
    bool ReportedMissing,
    IReadOnlyList<DeliveryView> Deliveries)
{
    public static ApologyView From(Apology a, DateTimeOffset now) => new(
        a.Id, a.CaseCode, a.UnitCode, a.Details?.UnitName, a.ReceivingUnitCode, a.ProcedureCode, a.Details?.ProcedureName,
        a.Details?.ApplicantName, ApologyStatusNames.Name(a.Status), a.OpenedBy, a.NumberText, a.Reason, a.OriginalDueAt, a.LegalDeadline,
        a.IsOpen && now > a.LegalDeadline, a.NewAppointmentDate, a.DraftedAt, a.IssuedAt, a.IssuedLate, a.PublishedAt,
        a.Reschedule.ToString().ToLowerInvariant(), a.RescheduleNote, a.CancelReason, a.ReportedMissing,
        a.Deliveries.OrderBy(d => d.At).Select(DeliveryView.From).ToList());
}
