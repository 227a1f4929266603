using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Cases.Domain;

/// <summary>
/// Hồ sơ thủ tục hành chính: a citizen's dossier for one procedure, received by one unit, due at an appointment instant.
/// Its state, appointment, watch and version change only through its methods; each returns the
/// <see cref="DossierChange"/> it made — the line for the history and the event for the other services.
/// </summary>
public sealed class Dossier
{
    public long Id { get; private set; }

    /// <summary><c>&lt;unit ID code&gt;-&lt;YYMMDD&gt;-&lt;sequence&gt;</c>, e.g. <c>000.00.15.H15-260212-0007</c>.</summary>
    public required string Code { get; init; }

    public required string UnitCode { get; init; }

    public required string ProcedureCode { get; init; }

    public required IntakeChannel Channel { get; init; }

    public DossierStatus Status { get; private set; } = DossierStatus.Received;

    [PersonalData]
    public required string ApplicantName { get; init; }

    /// <summary>Số định danh cá nhân (or a business's code).</summary>
    [PersonalData]
    public string? ApplicantIdNumber { get; init; }

    [PersonalData]
    public string? ApplicantPhone { get; init; }

    [PersonalData]
    public string? ApplicantEmail { get; init; }

    [PersonalData]
    public string? ApplicantAddress { get; init; }

    /// <summary>The applicant is a business or another body (addressed by its name), not a person.</summary>
    public bool ApplicantIsOrganisation { get; init; }

    /// <summary>The hash of the secret on the citizen's receipt (<see cref="LookupSecret"/>); the secret itself is never stored.</summary>
    public string? LookupSecretHash { get; private set; }

    /// <summary>The ids of the components handed in.</summary>
    public List<string> Components { get; init; } = [];

    /// <summary>The statutory time when the dossier was received (the catalogue may change later).</summary>
    public double ProcessingDays { get; init; }

    public bool SameDay { get; init; }

    /// <summary>The unit that decides (may differ from the receiving one-stop office).</summary>
    public string? ResponsibleUnitCode { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The appointment (due) instant on the receipt. Lateness is always judged against it.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The new appointment given in an apology; the law allows it once.</summary>
    public DateTimeOffset? RescheduledTo { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>Against <see cref="DueAt"/>, once decided.</summary>
    public Timeliness? Timeliness { get; private set; }

    public int WorkingDaysLate { get; private set; }

    public DateTimeOffset? ReturnedAt { get; private set; }

    /// <summary>Why the dossier was refused or stopped.</summary>
    public string? ClosingReason { get; private set; }

    /// <summary>When the watch must next look at the dossier (due-soon, then overdue); null when nothing is pending.</summary>
    public DateTimeOffset? NextWatchAt { get; private set; }

    public WatchStage Watch { get; private set; }

    /// <summary>The unit that holds the dossier now (it moves with each transfer).</summary>
    public string? HoldingUnitCode { get; private set; }

    /// <summary>When the statutory time started counting: the receipt, or the last supplement for a "restart" procedure.</summary>
    public DateTimeOffset? ClockStartedAt { get; private set; }

    /// <summary>Office minutes the clock stood still while awaiting supplements ("pause" procedures).</summary>
    public double PausedMinutes { get; private set; }

    /// <summary>While awaiting a supplement: when it was asked for (a "pause" procedure adds the wait to the time).</summary>
    public DateTimeOffset? SupplementRequestedAt { get; private set; }

    /// <summary>What the citizen was asked to hand in (form 02), while a supplement is awaited: each item whole, as asked.</summary>
    public List<string> SupplementMissing { get; private set; } = [];

    /// <summary>Optimistic concurrency: two officers changing one dossier at once cannot both win unseen.</summary>
    public int Version { get; private set; }

    /// <summary>The states of a dossier still being handled (queries use the list, objects <see cref="IsOpen"/>).</summary>
    public static readonly DossierStatus[] OpenStatuses = [DossierStatus.Received, DossierStatus.InProgress, DossierStatus.AwaitingSupplement];

    public bool IsOpen => OpenStatuses.Contains(Status);

    public bool IsOverdue(DateTimeOffset now) => IsOpen && now > DueAt;

    /// <summary>The unit that decides and answers for the deadline.</summary>
    public string DecidingUnitCode => ResponsibleUnitCode ?? UnitCode;

    /// <summary>
    /// A dossier received: its appointment from the deciding unit's calendar (online intake counts from the next
    /// working moment), the watch armed for it, and <c>case.received</c>.
    /// </summary>
    public static (Dossier Dossier, DateTimeOffset CountsFrom, DossierChange Change) Receive(
        string code, Procedure procedure, string receivingUnitCode, IntakeChannel channel, ApplicantDetails applicant, IReadOnlyList<string> components,
        DateTimeOffset receivedAt, WorkingCalendar calendar, int dueSoonWorkingDays, string lookupSecret, bool imported = false)
    {
        var deadline = calendar.Compute(receivedAt, procedure.ProcessingDays, channel == IntakeChannel.Online, procedure.SameDay);
        var dossier = new Dossier
        {
            Code = code,
            UnitCode = receivingUnitCode,
            ProcedureCode = procedure.Code,
            Channel = channel,
            ApplicantName = applicant.FullName,
            ApplicantIdNumber = applicant.IdNumber,
            ApplicantPhone = applicant.Phone,
            ApplicantEmail = applicant.Email,
            ApplicantAddress = applicant.Address,
            ApplicantIsOrganisation = applicant.IsOrganisation,
            LookupSecretHash = LookupSecret.Hash(code, lookupSecret),
            Components = [.. components],
            ProcessingDays = procedure.ProcessingDays,
            SameDay = procedure.SameDay,
            ResponsibleUnitCode = procedure.UnitCode,
            ReceivedAt = receivedAt,
            DueAt = deadline.DueAt.ToUniversalTime(),
        };
        dossier.ArmWatch(calendar, dueSoonWorkingDays);
        var change = new DossierChange(imported ? "imported" : "received", null, dossier.Status,
            $"Tiếp nhận qua kênh {CaseTerms.Name(channel)}; hẹn trả {DossierHistoryEntry.Time(dossier.DueAt)}",
            new CaseReceived
            {
                OccurredAt = receivedAt, CaseCode = code, UnitCode = dossier.UnitCode, ProcedureCode = dossier.ProcedureCode,
                ResponsibleUnitCode = dossier.DecidingUnitCode, Channel = channel, ReceivedAt = receivedAt, DueAt = dossier.DueAt,
            });
        return (dossier, deadline.CountsFrom, change);
    }

    /// <summary>
    /// A result was decided: early (before the appointment day), on time (that day, by the appointment), or late, with
    /// the working days late counted from the appointment's day.
    /// </summary>
    public DossierChange Decide(DateTimeOffset at, WorkingCalendar calendar, string? note = null)
    {
        EnsureOpen("decide");
        var from = Status;
        var decidedDay = VietnamDate(at);
        var dueDay = VietnamDate(DueAt);
        var timeliness = at > DueAt ? Contracts.Timeliness.Late : decidedDay < dueDay ? Contracts.Timeliness.Early : Contracts.Timeliness.OnTime;
        Timeliness = timeliness;
        WorkingDaysLate = timeliness == Contracts.Timeliness.Late ? Math.Max(1, calendar.WorkingDaysAfter(dueDay, decidedDay)) : 0;
        DecidedAt = at;
        Status = DossierStatus.Decided;
        NextWatchAt = null;
        var detail = timeliness == Contracts.Timeliness.Late ? $"Có kết quả, trễ {WorkingDaysLate} ngày làm việc" : $"Có kết quả ({CaseTerms.Name(timeliness)})";
        return Changed("decided", from, detail + (note is null ? "" : $", {note}"), new CaseDecided
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, ResponsibleUnitCode = DecidingUnitCode,
            DecidedAt = at, DueAt = DueAt, Timeliness = timeliness, WorkingDaysLate = WorkingDaysLate,
        });
    }

    public DossierChange Return(DateTimeOffset at, IntakeChannel channel, string? note = null)
    {
        if (Status != DossierStatus.Decided)
        {
            throw new DossierTransitionException(Code, Status, "return", "Chỉ trả kết quả khi hồ sơ đã có kết quả / only a decided dossier can be returned.");
        }

        var from = Status;
        ReturnedAt = at;
        Status = DossierStatus.Returned;
        return Changed("returned", from, $"Đã trả kết quả ({CaseTerms.Name(channel)})" + (note is null ? "" : $", {note}"), new CaseReturned
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, ResponsibleUnitCode = DecidingUnitCode, Channel = channel,
        });
    }

    public DossierChange Refuse(string reason, DateTimeOffset at)
    {
        var from = Close("refuse", DossierStatus.Refused, reason);
        return Changed("refused", from, $"Từ chối: {reason}", new CaseRefused
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, Reason = reason,
        });
    }

    public DossierChange Stop(string reason, DateTimeOffset at)
    {
        var from = Close("stop", DossierStatus.Stopped, reason);
        return Changed("stopped", from, $"Dừng giải quyết theo yêu cầu: {reason}", new CaseStopped
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, Reason = reason,
        });
    }

    /// <summary>The citizen takes the dossier back before a result (rút hồ sơ); <paramref name="how"/> says by what act.</summary>
    public DossierChange Withdraw(string reason, DateTimeOffset at, string how)
    {
        var from = Close("withdraw", DossierStatus.Withdrawn, reason);
        return Changed("withdrawn", from, $"{how}: {reason}", new CaseWithdrawn
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, Reason = reason,
        });
    }

    /// <summary>How the appointment was computed on <paramref name="calendar"/>: when the count began and the days it skipped.</summary>
    public DeadlineView ExplainDeadline(WorkingCalendar calendar)
    {
        var started = ClockStartedAt ?? ReceivedAt;
        var computed = calendar.Compute(started, ProcessingDays, Channel == IntakeChannel.Online, SameDay);
        var skipped = calendar.SkippedBetween(VietnamTime.DateOf(started), VietnamTime.DateOf(DueAt));
        return new DeadlineView(
            ReceivedAt.ToOffset(VietnamTime.Offset), computed.CountsFrom, DueAt.ToOffset(VietnamTime.Offset),
            skipped.Select(s => new SkippedView(s.Date, s.Reason, s.Kind)).ToList());
    }

    /// <summary>Form 02: everything missing, in one notice. The clock stops until it arrives.</summary>
    public DossierChange RequestSupplement(DateTimeOffset at, IReadOnlyList<string> missing)
    {
        if (Status is not (DossierStatus.Received or DossierStatus.InProgress))
        {
            throw new DossierTransitionException(Code, Status, "request-supplement", $"Không thể yêu cầu bổ sung khi hồ sơ đang {Status} / no supplement can be asked while {Status}.");
        }

        var from = Status;
        SupplementRequestedAt = at;
        SupplementMissing = [.. missing];
        Status = DossierStatus.AwaitingSupplement;
        NextWatchAt = null;
        return Changed("supplement-requested", from, $"Yêu cầu bổ sung: {string.Join("; ", missing)}", new CaseSupplementRequested
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, Missing = missing,
        });
    }

    /// <summary>
    /// The supplement arrived: the time restarts from zero (Decree 297/2025) or, for a "pause" procedure, the waiting
    /// office time is added; the appointment moves and the watch starts again for it.
    /// </summary>
    public DossierChange ReceiveSupplement(DateTimeOffset at, string rule, WorkingCalendar calendar, int dueSoonWorkingDays = 1)
    {
        if (Status != DossierStatus.AwaitingSupplement)
        {
            throw new DossierTransitionException(Code, Status, "receive-supplement", "Hồ sơ không chờ bổ sung / the dossier is not awaiting a supplement.");
        }

        var from = Status;
        if (rule == "pause")
        {
            PausedMinutes += calendar.WorkingMinutesBetween(SupplementRequestedAt!.Value, at);
        }
        else
        {
            (ClockStartedAt, PausedMinutes) = (at, 0);
        }

        DueAt = ComputeDue(calendar);
        SupplementRequestedAt = null;
        SupplementMissing = [];
        Status = DossierStatus.InProgress;
        ArmWatch(calendar, dueSoonWorkingDays);
        return Changed("supplement-received", from,
            $"Đã nhận bổ sung ({(rule == "pause" ? "thời gian tiếp tục" : "tính lại thời gian")}); hẹn trả {DossierHistoryEntry.Time(DueAt)}",
            new CaseSupplementReceived { OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, DueAt = DueAt });
    }

    /// <summary>
    /// A new yearly schedule moved the days off: the appointment follows the calendar (from when the clock started,
    /// with any pauses) and the watch warns again for it. Null when the appointment stays.
    /// </summary>
    public DossierChange? RecomputeDue(WorkingCalendar calendar, DateTimeOffset at, int dueSoonWorkingDays, int year)
    {
        var due = ComputeDue(calendar);
        if (due == DueAt)
        {
            return null;
        }

        var previous = DueAt;
        DueAt = due;
        ArmWatch(calendar, dueSoonWorkingDays);
        return Changed("due-recomputed", Status,
            $"Lịch nghỉ năm {year} thay đổi: hẹn trả từ {DossierHistoryEntry.Time(previous)} thành {DossierHistoryEntry.Time(due)}",
            new CaseDueRecomputed { OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, PreviousDueAt = previous, DueAt = due });
    }

    /// <summary>The appointment by the calendar: the statutory time from when the clock started, plus any pauses.</summary>
    public DateTimeOffset ComputeDue(WorkingCalendar calendar)
    {
        var due = calendar.Compute(ClockStartedAt ?? ReceivedAt, ProcessingDays, Channel == IntakeChannel.Online, SameDay).DueAt;
        return (PausedMinutes > 0 ? calendar.AddWorkingMinutes(due, PausedMinutes) : due).ToUniversalTime();
    }

    /// <summary>
    /// The watch's step when its moment has come (<paramref name="now"/> ≥ <see cref="NextWatchAt"/>): a closed dossier
    /// is forgotten; one past its appointment becomes overdue (an imported dossier, a service that was down: overdue
    /// alone is news); else it is due soon, and overdue is watched for next, strictly after the appointment. Returns the
    /// event to tell, if any.
    /// </summary>
    public CaseEvent? WatchStep(DateTimeOffset now)
    {
        Version++;
        if (!IsOpen)
        {
            NextWatchAt = null;
            return null;
        }

        if (now > DueAt)
        {
            Watch = WatchStage.OverdueSent;
            NextWatchAt = null;
            return new CaseBecameOverdue
            {
                OccurredAt = DueAt, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, ResponsibleUnitCode = DecidingUnitCode, DueAt = DueAt,
            };
        }

        var warnedAt = NextWatchAt ?? now;
        Watch = WatchStage.DueSoonSent;
        NextWatchAt = DueAt.AddTicks(1);
        return new CaseBecameDueSoon
        {
            OccurredAt = warnedAt, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, ResponsibleUnitCode = DecidingUnitCode, DueAt = DueAt,
        };
    }

    /// <summary>
    /// The watch starts again for the current appointment: due-soon, then overdue, each once. A dossier whose whole time
    /// lies inside the due-soon lead (same-day and one-day procedures) has nothing to warn about before it is late: a
    /// warning at the counter would open an apology for every one of them, so only overdue is watched.
    /// </summary>
    private void ArmWatch(WorkingCalendar calendar, int dueSoonWorkingDays)
    {
        Watch = WatchStage.None;
        var warnAt = calendar.StartOfWorkingDayBefore(DueAt, dueSoonWorkingDays).ToUniversalTime();
        NextWatchAt = warnAt > (ClockStartedAt ?? ReceivedAt) ? warnAt : DueAt.AddTicks(1);
    }

    /// <summary>Hands the dossier to another unit for a step, whose share of the time ends at <paramref name="stepDueAt"/>.</summary>
    public DossierChange Transfer(string toUnitCode, DateTimeOffset at, DateTimeOffset stepDueAt)
    {
        if (Status is not (DossierStatus.Received or DossierStatus.InProgress))
        {
            throw new DossierTransitionException(Code, Status, "transfer", $"Không thể chuyển hồ sơ đang {Status} / a dossier that is {Status} cannot be transferred.");
        }

        var (from, fromUnit) = (Status, HoldingUnitCode ?? UnitCode);
        HoldingUnitCode = toUnitCode;
        Status = DossierStatus.InProgress;
        return Changed("transferred", from, $"Chuyển từ {fromUnit} đến {toUnitCode}", new CaseTransferred
        {
            OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, FromUnitCode = fromUnit, ToUnitCode = toUnitCode, StepDueAt = stepDueAt,
        });
    }

    /// <summary>Moves the appointment after an issued apology: once only, per the law.</summary>
    public DossierChange Reschedule(DateTimeOffset newAppointment, string apologyNumber, DateTimeOffset at)
    {
        EnsureOpen("reschedule");
        if (RescheduledTo is not null)
        {
            throw new DossierTransitionException(Code, Status, "reschedule", "Hồ sơ đã được hẹn lại một lần / the appointment may be moved only once.");
        }

        RescheduledTo = newAppointment;
        return Changed("rescheduled", Status,
            $"Hẹn lại ngày trả kết quả: {newAppointment.ToOffset(VietnamTime.Offset):dd'/'MM'/'yyyy} (Phiếu xin lỗi số {apologyNumber})",
            new CaseRescheduled
            {
                OccurredAt = at, CaseCode = Code, UnitCode = UnitCode, ProcedureCode = ProcedureCode, OriginalDueAt = DueAt, NewDueAt = newAppointment,
            });
    }

    private DossierStatus Close(string action, DossierStatus to, string reason)
    {
        EnsureOpen(action);
        var from = Status;
        ClosingReason = reason;
        Status = to;
        NextWatchAt = null;
        return from;
    }

    private DossierChange Changed(string action, DossierStatus? from, string detail, CaseEvent integrationEvent)
    {
        Version++;
        return new DossierChange(action, from, Status, detail, integrationEvent);
    }

    private void EnsureOpen(string action)
    {
        if (!IsOpen)
        {
            throw new DossierTransitionException(Code, Status, action, $"Hồ sơ đã kết thúc ({Status}) / the dossier is already {Status}.");
        }
    }

    private static DateOnly VietnamDate(DateTimeOffset instant) =>
        VietnamTime.DateOf(instant);
}

/// <summary>What one change of a dossier did: the line its history keeps and the event the other services are told.</summary>
public sealed record DossierChange(string Action, DossierStatus? From, DossierStatus To, string Detail, CaseEvent Event)
{
    /// <summary>
    /// The history line. Its detail is at most <see cref="DossierHistoryEntry.MaxDetailLength"/> characters (a reason of
    /// 2,000 with its prefix, fifty missing documents of 500 each): a longer one ends in "…" (the full text stays in the
    /// event and on the dossier).
    /// </summary>
    public DossierHistoryEntry HistoryEntry(string actor) => new()
    {
        DossierCode = Event.CaseCode, At = Event.OccurredAt, Actor = actor, Action = Action, FromStatus = From, ToStatus = To,
        Detail = Detail.Length > DossierHistoryEntry.MaxDetailLength ? Shortened(Detail, DossierHistoryEntry.MaxDetailLength) : Detail,
    };

    /// <summary>The text cut to <paramref name="length"/> characters ending in "…", never between the halves of a surrogate pair.</summary>
    private static string Shortened(string text, int length)
    {
        var kept = length - 1;
        if (char.IsHighSurrogate(text[kept - 1]))
        {
            kept--;
        }

        return string.Concat(text.AsSpan(0, kept), "…");
    }
}

/// <summary>Who applies: a person or an organisation, as the intake gives them.</summary>
public sealed record ApplicantDetails(
    [property: PersonalData] string FullName,
    [property: PersonalData] string? IdNumber,
    [property: PersonalData] string? Phone,
    [property: PersonalData] string? Email,
    [property: PersonalData] string? Address,
    bool IsOrganisation);

/// <summary>What the watch has already said about a dossier's appointment.</summary>
public enum WatchStage
{
    None,
    DueSoonSent,
    OverdueSent,
}

/// <summary>A change the dossier's state does not allow: answered 409.</summary>
public sealed class DossierTransitionException(string code, DossierStatus status, string action, string message)
    : InvalidOperationException(message)
{
    public string Code { get; } = code;

    public DossierStatus Status { get; } = status;

    public string Action { get; } = action;
}


public enum DossierStatus
{
    Received,
    InProgress,
    AwaitingSupplement,
    Decided,
    Returned,
    Refused,
    Stopped,
    Withdrawn,
}
