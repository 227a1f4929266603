using Tthc.Calendar;

namespace Tthc.Cases.Domain;

/// <summary>
/// Hồ sơ thủ tục hành chính: a citizen's dossier for one procedure, received by one unit, due at an appointment instant.
/// </summary>
public sealed class Dossier
{
    public long Id { get; private set; }

    /// <summary><c>&lt;unit ID code&gt;-&lt;YYMMDD&gt;-&lt;sequence&gt;</c>, e.g. <c>000.00.15.H15-260212-0007</c>.</summary>
    public required string Code { get; init; }

    public required string UnitCode { get; init; }

    public required string ProcedureCode { get; init; }

    public required IntakeChannel Channel { get; init; }

    public DossierStatus Status { get; set; } = DossierStatus.Received;

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
    public string? LookupSecretHash { get; set; }

    /// <summary>The ids of the components handed in.</summary>
    public List<string> Components { get; init; } = [];

    /// <summary>The statutory time when the dossier was received (the catalogue may change later).</summary>
    public double ProcessingDays { get; init; }

    public bool SameDay { get; init; }

    /// <summary>The unit that decides (may differ from the receiving one-stop office).</summary>
    public string? ResponsibleUnitCode { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The appointment (due) instant on the receipt. Lateness is always judged against it.</summary>
    public required DateTimeOffset DueAt { get; set; }

    /// <summary>The new appointment given in an apology; the law allows it once.</summary>
    public DateTimeOffset? RescheduledTo { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>early | on-time | late, against <see cref="DueAt"/>.</summary>
    public string? Timeliness { get; private set; }

    public int WorkingDaysLate { get; private set; }

    public DateTimeOffset? ReturnedAt { get; private set; }

    /// <summary>Why the dossier was refused or stopped.</summary>
    public string? ClosingReason { get; private set; }

    /// <summary>When the watch must next look at the dossier (due-soon, then overdue); null when nothing is pending.</summary>
    public DateTimeOffset? NextWatchAt { get; set; }

    public WatchStage Watch { get; set; }

    /// <summary>The unit that holds the dossier now (it moves with each transfer).</summary>
    public string? HoldingUnitCode { get; set; }

    /// <summary>When the statutory time started counting: the receipt, or the last supplement for a "restart" procedure.</summary>
    public DateTimeOffset? ClockStartedAt { get; private set; }

    /// <summary>Office minutes the clock stood still while awaiting supplements ("pause" procedures).</summary>
    public double PausedMinutes { get; private set; }

    /// <summary>While awaiting a supplement: when it was asked for (a "pause" procedure adds the wait to the time).</summary>
    public DateTimeOffset? SupplementRequestedAt { get; private set; }

    /// <summary>Optimistic concurrency: two officers changing one dossier at once cannot both win unseen.</summary>
    public int Version { get; set; }

    /// <summary>The states of a dossier still being handled (queries use the list, objects <see cref="IsOpen"/>).</summary>
    public static readonly DossierStatus[] OpenStatuses = [DossierStatus.Received, DossierStatus.InProgress, DossierStatus.AwaitingSupplement];

    public bool IsOpen => OpenStatuses.Contains(Status);

    public bool IsOverdue(DateTimeOffset now) => IsOpen && now > DueAt;

    /// <summary>
    /// A result was decided: early (before the appointment day), on time (that day, by the appointment), or late, with
    /// the working days late counted from the appointment's day.
    /// </summary>
    public void Decide(DateTimeOffset at, WorkingCalendar calendar)
    {
        EnsureOpen("decide");
        var decidedDay = VietnamDate(at);
        var dueDay = VietnamDate(DueAt);
        Timeliness = at > DueAt ? "late" : decidedDay < dueDay ? "early" : "on-time";
        WorkingDaysLate = Timeliness == "late" ? Math.Max(1, calendar.WorkingDaysAfter(dueDay, decidedDay)) : 0;
        DecidedAt = at;
        Status = DossierStatus.Decided;
        NextWatchAt = null;
    }

    public void Return(DateTimeOffset at)
    {
        if (Status != DossierStatus.Decided)
        {
            throw new DossierTransitionException(Code, Status, "return", "Chỉ trả kết quả khi hồ sơ đã có kết quả / only a decided dossier can be returned.");
        }

        ReturnedAt = at;
        Status = DossierStatus.Returned;
    }

    public void Refuse(string reason)
    {
        EnsureOpen("refuse");
        ClosingReason = reason;
        Status = DossierStatus.Refused;
        NextWatchAt = null;
    }

    public void Stop(string reason)
    {
        EnsureOpen("stop");
        ClosingReason = reason;
        Status = DossierStatus.Stopped;
        NextWatchAt = null;
    }

    /// <summary>The citizen takes the dossier back before a result (rút hồ sơ).</summary>
    public void Withdraw(string reason)
    {
        EnsureOpen("withdraw");
        ClosingReason = reason;
        Status = DossierStatus.Withdrawn;
        NextWatchAt = null;
    }

    /// <summary>Form 02: everything missing, in one notice. The clock stops until it arrives.</summary>
    public void RequestSupplement(DateTimeOffset at)
    {
        if (Status is not (DossierStatus.Received or DossierStatus.InProgress))
        {
            throw new DossierTransitionException(Code, Status, "request-supplement", $"Không thể yêu cầu bổ sung khi hồ sơ đang {Status} / no supplement can be asked while {Status}.");
        }

        SupplementRequestedAt = at;
        Status = DossierStatus.AwaitingSupplement;
        NextWatchAt = null;
    }

    /// <summary>
    /// The supplement arrived: the time restarts from zero (Decree 297/2025) or, for a "pause" procedure, the waiting
    /// office time is added; the appointment moves and the watch starts again for it.
    /// </summary>
    public void ReceiveSupplement(DateTimeOffset at, string rule, WorkingCalendar calendar, int dueSoonWorkingDays = 1)
    {
        if (Status != DossierStatus.AwaitingSupplement)
        {
            throw new DossierTransitionException(Code, Status, "receive-supplement", "Hồ sơ không chờ bổ sung / the dossier is not awaiting a supplement.");
        }

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
        Status = DossierStatus.InProgress;
        ArmWatch(calendar, dueSoonWorkingDays);
    }

    /// <summary>The appointment by the calendar: the statutory time from when the clock started, plus any pauses.</summary>
    public DateTimeOffset ComputeDue(WorkingCalendar calendar)
    {
        var due = calendar.Compute(ClockStartedAt ?? ReceivedAt, ProcessingDays, Channel == IntakeChannel.Online, SameDay).DueAt;
        return (PausedMinutes > 0 ? calendar.AddWorkingMinutes(due, PausedMinutes) : due).ToUniversalTime();
    }

    /// <summary>
    /// The watch starts again for the current appointment: due-soon, then overdue, each once. A dossier whose whole time
    /// lies inside the due-soon lead (same-day and one-day procedures) has nothing to warn about before it is late: a
    /// warning at the counter would open an apology for every one of them, so only overdue is watched.
    /// </summary>
    public void ArmWatch(WorkingCalendar calendar, int dueSoonWorkingDays)
    {
        Watch = WatchStage.None;
        var warnAt = calendar.StartOfWorkingDayBefore(DueAt, dueSoonWorkingDays).ToUniversalTime();
        NextWatchAt = warnAt > (ClockStartedAt ?? ReceivedAt) ? warnAt : DueAt.AddTicks(1);
    }

    /// <summary>Hands the dossier to another unit for a step.</summary>
    public void Transfer(string toUnitCode)
    {
        if (Status is not (DossierStatus.Received or DossierStatus.InProgress))
        {
            throw new DossierTransitionException(Code, Status, "transfer", $"Không thể chuyển hồ sơ đang {Status} / a dossier that is {Status} cannot be transferred.");
        }

        HoldingUnitCode = toUnitCode;
        Status = DossierStatus.InProgress;
    }

    /// <summary>Moves the appointment after an apology: once only, per the law.</summary>
    public void Reschedule(DateTimeOffset newAppointment)
    {
        EnsureOpen("reschedule");
        if (RescheduledTo is not null)
        {
            throw new DossierTransitionException(Code, Status, "reschedule", "Hồ sơ đã được hẹn lại một lần / the appointment may be moved only once.");
        }

        RescheduledTo = newAppointment;
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

/// <summary>How the dossier reached the unit.</summary>
public enum IntakeChannel
{
    /// <summary>Trực tiếp: at the one-stop counter.</summary>
    Counter,

    /// <summary>Trực tuyến: through the public-service portal.</summary>
    Online,

    /// <summary>BCCI: by the public postal service.</summary>
    Postal,
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
