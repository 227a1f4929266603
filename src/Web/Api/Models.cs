namespace Tthc.Web.Api;

// The gateway's answers, as far as the pages read them (System.Text.Json web defaults: camelCase, unknown members skipped).

public record CaseSummary(
    string Code, string UnitCode, string ProcedureCode, string Channel, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    bool Overdue, DateTimeOffset? RescheduledTo, DateTimeOffset? DecidedAt, string? Timeliness, int WorkingDaysLate, DateTimeOffset? ReturnedAt);

public sealed record CaseDetail(
    string Code, string UnitCode, string ProcedureCode, string Channel, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    bool Overdue, DateTimeOffset? RescheduledTo, DateTimeOffset? DecidedAt, string? Timeliness, int WorkingDaysLate, DateTimeOffset? ReturnedAt,
    ApplicantView Applicant, List<string> Components, string ResponsibleUnitCode, string? HoldingUnitCode)
    : CaseSummary(Code, UnitCode, ProcedureCode, Channel, Status, ReceivedAt, DueAt, Overdue, RescheduledTo, DecidedAt, Timeliness, WorkingDaysLate, ReturnedAt);

public sealed record ApplicantView(string FullName, string Kind, string? IdNumber, string? Phone, string? Email, string? Address);

public sealed record CasePage(List<CaseSummary> Items, string? NextCursor);

public sealed record CaseBoard(string? UnitCode, int ReceivedToday, int InProgress, int DueSoon, int Overdue, int AwaitingSupplement, int AwaitingReturn);

public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string? FromStatus, string ToStatus, string? Detail);

public sealed record DeadlineView(DateTimeOffset ReceivedAt, DateTimeOffset CountsFrom, DateTimeOffset DueAt, List<SkippedDay> Skipped);

public sealed record SkippedDay(DateOnly Date, string Reason, string Kind);

public sealed record ControlSlipRow(string GivingUnit, string ReceivingUnit, DateTimeOffset HandedAt, DateTimeOffset StepDueAt, DateTimeOffset? CompletedAt, string? Result);

public sealed record IntakeResponse(string Code, string Status, DateTimeOffset DueAt, Receipt Receipt, string LookupSecret, string LookupUrl);

public sealed record Receipt(
    string Form, string Title, string DossierCode, string ReceivingUnit, string Procedure, string Applicant, List<string> Components,
    string StatutoryTime, DateTimeOffset ReceivedAt, DateTimeOffset? CountsFrom, DateTimeOffset AppointmentAt, string CollectResultAt,
    string LookupSecret);

public sealed record PublicCaseView(
    string Code, string Procedure, string ReceivingUnit, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, bool Overdue,
    DateTimeOffset? RescheduledTo, DateTimeOffset? DecidedAt, DateTimeOffset? ReturnedAt, string? StatutoryTime, DateTimeOffset? CountsFrom,
    List<SkippedDay>? Skipped, List<string>? Missing, List<PublicStep>? Steps);

public sealed record PublicStep(DateTimeOffset At, string Action, string Status);

public sealed record Unit(string Code, string Name, string Kind, string? ParentCode);

public sealed record Procedure(
    string Code, string Name, string Field, string Level, double ProcessingDays, bool SameDay, string UnitCode, List<ProcedureComponent> Components,
    decimal? Fee = null, string? SupplementRule = null);

public sealed record ProcedureComponent(string Id, string Name, bool Required);

public sealed record ApologyView(
    Guid Id, string CaseCode, string UnitCode, string? UnitName, string ReceivingUnitCode, string ProcedureCode, string? ProcedureName,
    string? ApplicantName, string Status, string OpenedBy, string? Number, string? Reason, DateTimeOffset OriginalDueAt, DateTimeOffset LegalDeadline,
    bool PastLegalDeadline, DateOnly? NewAppointmentDate, DateTimeOffset DraftedAt, DateTimeOffset? IssuedAt, bool IssuedLate,
    DateTimeOffset? PublishedAt, string Reschedule, string? RescheduleNote, string? CancelReason, List<DeliveryView> Deliveries);

public sealed record DeliveryView(string Channel, DateTimeOffset At, string RecordedBy, string? Note);

public sealed record ApologyPage(List<ApologyView> Items, string? NextCursor);

public sealed record PublishedApology(
    Guid Id, string UnitCode, string UnitName, string CaseCode, string ProcedureCode, string ProcedureName, string ApplicantInitials,
    string Number, DateTimeOffset IssuedAt, DateTimeOffset PublishedAt, DateTimeOffset OriginalDueAt, DateOnly NewAppointmentDate, string Reason);

public sealed record PeriodView(DateOnly Start, DateOnly End, string Kind, DateTimeOffset AsOf);

public sealed record Report(PeriodView Period, List<ReportRow> Rows, ReportRow Total);

public sealed record ReportRow(
    string UnitCode, string UnitName, long CarriedOver, long ReceivedOnline, long ReceivedCounter, long ReceivedPostal, long Resolved,
    long ResolvedEarly, long ResolvedOnTime, long ResolvedLate, long Pending, long PendingNotYetDue, long PendingOverdue,
    long LateWithApology, long LateWithoutApology, long Refused, long Stopped, long Withdrawn)
{
    public long Received => ReceivedOnline + ReceivedCounter + ReceivedPostal;

    public long Late => ResolvedLate + PendingOverdue;
}

public sealed record ComplianceReport(PeriodView Period, List<ComplianceRow> Units, List<PetitionComplianceRow> Petitions);

public sealed record ComplianceRow(string UnitCode, string UnitName, long LateWithoutApology, List<string> CaseCodes);

public sealed record PetitionComplianceRow(string UnitCode, string UnitName, long AnsweredLate, long Unanswered, List<string> Codes);

public sealed record Summary(DateOnly Today, DateTimeOffset AsOf, SummaryUnit Total, List<SummaryUnit> Units);

public sealed record SummaryUnit(string UnitCode, string UnitName, long ReceivedToday, long ResolvedToday, long Pending, long PendingOverdue, List<TrendMonth> Trend);

public sealed record TrendMonth(string Month, long Received, long Resolved, long ResolvedLate, long ApologiesIssued);

public sealed record SatisfactionReport(PeriodView Period, List<string> CriteriaNames, List<SatisfactionRow> Units, SatisfactionRow Total);

public sealed record SatisfactionRow(
    string UnitCode, string UnitName, long Ratings, List<double> Criteria, double Total, string? Grade, string? GradeName,
    long VerySatisfied, long Satisfied, long Dissatisfied, double VerySatisfiedShare, double SatisfiedShare, double DissatisfiedShare);

public sealed record IndexReport(string Month, DateTimeOffset AsOf, string Source, List<string> NotMeasured, List<UnitIndex> Units);

public sealed record UnitIndex(string UnitCode, string UnitName, double Total, double MaxMeasured, int Rank);

public sealed record PetitionSummary(
    string Code, string Kind, string Status, string UnitCode, string? CaseCode, string Title, DateTimeOffset ReceivedAt, string? Stage,
    DateTimeOffset? DueAt, bool Overdue);

public sealed record PetitionPage(List<PetitionSummary> Items, string? NextCursor);

public sealed record PetitionState(
    string Code, string Kind, string Status, string StatusText, string UnitCode, string UnitName, string? CaseCode, string Title,
    DateTimeOffset ReceivedAt, DateTimeOffset AnswerDueAt, string? Questions, string? RefusalReason, string? Answer, DateTimeOffset? AnsweredAt,
    DateTimeOffset? PublishedAt, bool Overdue);

public sealed record PetitionReceipt(string Code, string LookupSecret, string UnitCode, DateTimeOffset ReceivedAt, DateTimeOffset ClassifyDueAt, DateTimeOffset DueAt);

public sealed record CalendarYear(int Year, List<Holiday> Holidays, List<WorkingWeekend> WorkingWeekends, ScheduleInfo Schedule);

public sealed record Holiday(DateOnly Date, string Name, string Kind);

public sealed record WorkingWeekend(DateOnly Date, string Reason);

public sealed record ScheduleInfo(int Version, string? Source, bool StatutoryOnly);

public sealed record DevToken(string Access_token, int Expires_in);
