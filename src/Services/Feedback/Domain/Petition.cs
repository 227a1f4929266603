using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Feedback.Domain;

/// <summary>
/// A citizen's petition (phản ánh, kiến nghị; Decree 20/2008 as amended by Decree 92/2017) about a regulation, a
/// procedure or a dossier, and its handling by the competent unit: classified (accepted, refused with a reason, or
/// forwarded), more information asked for (the answer's clock pauses), answered, and the answer published. Every step
/// has a working-day deadline from <see cref="FeedbackOptions"/>; each change is one <see cref="PetitionHistoryEntry"/>
/// and one event.
/// </summary>
public sealed class Petition
{
    public Guid Id { get; init; } = Uuid7.Create();

    /// <summary><c>PA-YYMMDD-NNNN</c>: the day of receipt and its sequence, province-wide.</summary>
    public required string Code { get; init; }

    /// <summary>The hash of the sender's lookup secret (<see cref="Contracts.LookupSecret"/>); the secret is never stored.</summary>
    public required string SecretHash { get; set; }

    public required PetitionKind Kind { get; init; }

    /// <summary>online | hotline | letter | email | counter</summary>
    public required string Channel { get; init; }

    public string? CaseCode { get; init; }

    /// <summary>The unit handling it now (a forward moves it).</summary>
    public required string UnitCode { get; set; }

    public required string Title { get; init; }

    public required string Content { get; init; }

    /// <summary>Empty for an anonymous sender, who leaves a contact instead.</summary>
    public string SenderName { get; init; } = "";

    public string? SenderPhone { get; init; }

    public string? SenderEmail { get; init; }

    /// <summary>The officer who entered it (hotline, letter, email), or <c>citizen</c>.</summary>
    public required string ReceivedBy { get; init; }

    public required DateTimeOffset ReceivedAt { get; set; }

    public PetitionStatus Status { get; set; } = PetitionStatus.Received;

    public required DateTimeOffset ClassifyDueAt { get; set; }

    /// <summary>A forward to the competent unit is on time until here (longer than the classification's).</summary>
    public required DateTimeOffset ForwardDueAt { get; set; }

    public required DateTimeOffset AnswerDueAt { get; set; }

    public DateTimeOffset? ClassifiedAt { get; set; }

    public string? RefusalReason { get; set; }

    /// <summary>The units it came from, oldest first, comma-separated.</summary>
    public string? ForwardedFrom { get; set; }

    public string? Questions { get; set; }

    /// <summary>Set while the sender is asked for more information: the answer's clock is paused since then.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    public string? Answer { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? PublishDueAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The stage whose due-soon warning was sent, and the one whose lateness was (each once per stage).</summary>
    public string? WarnedStage { get; set; }

    public string? OverdueStage { get; set; }

    /// <summary>When the deadline watch must look at it next; null when no deadline runs (paused, ended).</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    public int Version { get; set; }

    public List<PetitionHistoryEntry> History { get; init; } = [];

    /// <summary>The step whose deadline runs now, and that deadline; none while paused or once ended.</summary>
    public (string Stage, DateTimeOffset DueAt)? RunningDeadline => Status switch
    {
        PetitionStatus.Received => (Stages.Classify, ClassifyDueAt),
        PetitionStatus.Accepted => (Stages.Answer, AnswerDueAt),
        PetitionStatus.Answered when PublishDueAt is { } publishDue => (Stages.Publish, publishDue),
        _ => null,
    };

    /// <summary>Forwards a petition takes before the provincial office must assign it (and what <see cref="ForwardedFrom"/> holds).</summary>
    public const int MaxForwards = 10;

    public bool IsOverdue(DateTimeOffset now) => RunningDeadline is { } running && running.DueAt < now;

    /// <summary>A new petition, its deadlines counted from receipt like a dossier's (Civil Code Art. 147–148).</summary>
    public static Petition Receive(string code, string secretHash, PetitionKind kind, string channel, string? caseCode, string unitCode,
        string title, string content, Sender sender, string receivedBy, DateTimeOffset receivedAt, FeedbackOptions options, WorkingCalendar calendar)
    {
        var online = channel == "online";
        var petition = new Petition
        {
            Code = code, SecretHash = secretHash, Kind = kind, Channel = channel, CaseCode = caseCode, UnitCode = unitCode,
            Title = title, Content = content, SenderName = sender.FullName, SenderPhone = sender.Phone, SenderEmail = sender.Email,
            ReceivedBy = receivedBy, ReceivedAt = receivedAt,
            ClassifyDueAt = calendar.Compute(receivedAt, options.ClassifyDays, online).DueAt,
            ForwardDueAt = calendar.Compute(receivedAt, options.ForwardDays, online).DueAt,
            AnswerDueAt = calendar.Compute(receivedAt, options.AnswerDays, online).DueAt,
        };
        petition.Record(receivedAt, receivedBy, "received", null, $"Tiếp nhận qua {ChannelName(channel)}");
        return petition;
    }

    public PetitionReceived ReceivedEvent() => new()
    {
        OccurredAt = ReceivedAt, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, Kind = PetitionKinds.Name(Kind),
        Channel = Channel, ReceivedAt = ReceivedAt, ClassifyDueAt = ClassifyDueAt, AnswerDueAt = AnswerDueAt,
    };

    public PetitionClassified Accept(DateTimeOffset at, string actor)
    {
        var from = Require("classify", PetitionStatus.Received);
        var late = at > ClassifyDueAt;
        Status = PetitionStatus.Accepted;
        ClassifiedAt = at;
        Record(at, actor, "accepted", from, late ? "Thụ lý (quá hạn phân loại)" : "Thụ lý");
        return Classified(at, "accept", UnitCode, late);
    }

    public PetitionClassified Refuse(DateTimeOffset at, string actor, string reason)
    {
        var from = Require("classify", PetitionStatus.Received);
        var late = at > ClassifyDueAt;
        Status = PetitionStatus.Refused;
        ClassifiedAt = at;
        RefusalReason = reason;
        Record(at, actor, "refused", from, $"Không thụ lý: {reason}");
        return Classified(at, "refuse", UnitCode, late);
    }

    /// <summary>
    /// To the competent unit, which receives it now: its own deadlines count from the forward, as from a receipt; the
    /// forward is late after <see cref="ForwardDueAt"/>.
    /// </summary>
    public PetitionClassified Forward(DateTimeOffset at, string actor, string toUnitCode, string? reason, FeedbackOptions options, WorkingCalendar calendar)
    {
        var from = Require("forward", PetitionStatus.Received);
        if (ForwardedFrom?.Split(',').Length >= MaxForwards)
        {
            throw new PetitionTransitionException(
                $"Phản ánh đã được chuyển {MaxForwards} lần, không chuyển tiếp được nữa; đề nghị Văn phòng UBND tỉnh chỉ định đơn vị / a petition is forwarded at most {MaxForwards} times; ask the provincial office to assign it.");
        }

        if (toUnitCode == UnitCode)
        {
            throw new PetitionTransitionException("Không thể chuyển cho chính đơn vị đang xử lý / a petition cannot be forwarded to the unit handling it.");
        }

        var late = at > ForwardDueAt;
        var fromUnit = UnitCode;
        ForwardedFrom = ForwardedFrom is null ? fromUnit : $"{ForwardedFrom},{fromUnit}";
        UnitCode = toUnitCode;
        ReceivedAt = at;
        ClassifyDueAt = calendar.Compute(at, options.ClassifyDays).DueAt;
        ForwardDueAt = calendar.Compute(at, options.ForwardDays).DueAt;
        AnswerDueAt = calendar.Compute(at, options.AnswerDays).DueAt;
        (WarnedStage, OverdueStage) = (null, null);
        Record(at, actor, "forwarded", from, $"Chuyển {fromUnit} → {toUnitCode}" + (reason is null ? "" : $": {reason}"));
        var e = Classified(at, "forward", fromUnit, late);
        return e with { ClassifyDueAt = ClassifyDueAt };
    }

    public PetitionInfoRequested RequestInfo(DateTimeOffset at, string actor, string questions)
    {
        var from = Require("request-info", PetitionStatus.Accepted);
        Status = PetitionStatus.AwaitingInfo;
        Questions = questions;
        PausedAt = at;
        Record(at, actor, "info-requested", from, $"Đề nghị bổ sung thông tin: {questions}");
        return new PetitionInfoRequested { OccurredAt = at, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode };
    }

    /// <summary>
    /// The clock runs again: the answer's deadline moves on by the office time it was paused — if it was asked before
    /// the deadline (a question after it does not make a late answer on time). A warning already given is not given
    /// again unless the new deadline puts the warning's moment back in the future.
    /// </summary>
    public PetitionInfoReceived InfoReceived(DateTimeOffset at, string actor, WorkingCalendar calendar)
    {
        var from = Require("info-received", PetitionStatus.AwaitingInfo);
        var paused = PausedAt!.Value < AnswerDueAt ? calendar.WorkingMinutesBetween(PausedAt.Value, at) : 0;
        AnswerDueAt = calendar.AddWorkingMinutes(AnswerDueAt, paused);
        Status = PetitionStatus.Accepted;
        PausedAt = null;
        if (WarnedStage == Stages.Answer && calendar.StartOfWorkingDayBefore(AnswerDueAt) > at)
        {
            WarnedStage = null;
        }

        if (OverdueStage == Stages.Answer && at <= AnswerDueAt)
        {
            OverdueStage = null;
        }

        Record(at, actor, "info-received", from,
            $"Đã nhận thông tin bổ sung; tạm dừng {(paused / MinutesPerDay(calendar.Hours)).ToString("0.##", VietnameseNumbers.Format)} ngày làm việc, hạn trả lời {AnswerDueAt.ToOffset(VietnamTime.Offset):HH:mm dd/MM/yyyy}");
        return new PetitionInfoReceived { OccurredAt = at, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, AnswerDueAt = AnswerDueAt };
    }

    public PetitionAnswered AnswerWith(DateTimeOffset at, string actor, string answer, FeedbackOptions options, WorkingCalendar calendar)
    {
        var from = Require("answer", PetitionStatus.Accepted);
        var late = at > AnswerDueAt;
        Status = PetitionStatus.Answered;
        Answer = answer;
        AnsweredAt = at;
        AnsweredBy = actor;
        PublishDueAt = calendar.Compute(at, options.PublishDays).DueAt;
        Record(at, actor, "answered", from, late ? "Đã trả lời (quá hạn)" : "Đã trả lời");
        return new PetitionAnswered
        {
            OccurredAt = at, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, AnsweredAt = at, AnswerDueAt = AnswerDueAt,
            Late = late, PublishDueAt = PublishDueAt.Value,
        };
    }

    public PetitionPublished Publish(DateTimeOffset at, string actor)
    {
        var from = Require("publish", PetitionStatus.Answered);
        var late = at > PublishDueAt;
        Status = PetitionStatus.Published;
        PublishedAt = at;
        Record(at, actor, "published", from, late ? "Đã công khai kết quả (quá hạn)" : "Đã công khai kết quả");
        return new PetitionPublished
        {
            OccurredAt = at, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, PublishedAt = at, PublishDueAt = PublishDueAt!.Value, Late = late,
        };
    }

    /// <summary>
    /// The deadline watch's look: the warning one working day before the running step's deadline and the lateness once
    /// it passes, each once per step; then when to look again.
    /// </summary>
    public IEnumerable<PetitionEvent> Watch(DateTimeOffset now, WorkingCalendar calendar)
    {
        var events = new List<PetitionEvent>();
        if (RunningDeadline is { } running)
        {
            var warnAt = calendar.StartOfWorkingDayBefore(running.DueAt);
            if (now >= warnAt && now <= running.DueAt && WarnedStage != running.Stage)
            {
                WarnedStage = running.Stage;
                events.Add(new PetitionBecameDueSoon { OccurredAt = now, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, Stage = running.Stage, DueAt = running.DueAt });
            }

            if (now > running.DueAt && OverdueStage != running.Stage)
            {
                OverdueStage = running.Stage;
                Record(now, "system", "overdue", Status, $"Quá hạn {StageName(running.Stage)}");
                events.Add(new PetitionBecameOverdue { OccurredAt = now, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, Stage = running.Stage, DueAt = running.DueAt });
            }
        }

        ScheduleCheck(calendar);
        return events;
    }

    /// <summary>The next moment the watch has something to say about the running step, if any.</summary>
    public void ScheduleCheck(WorkingCalendar calendar)
    {
        NextCheckAt = null;
        if (RunningDeadline is not { } running || OverdueStage == running.Stage)
        {
            return;
        }

        var warnAt = calendar.StartOfWorkingDayBefore(running.DueAt);
        NextCheckAt = WarnedStage == running.Stage || warnAt >= running.DueAt ? running.DueAt.AddTicks(1) : warnAt;
    }

    private PetitionClassified Classified(DateTimeOffset at, string decision, string fromUnit, bool late) => new()
    {
        OccurredAt = at, PetitionCode = Code, UnitCode = UnitCode, CaseCode = CaseCode, Decision = decision, FromUnitCode = fromUnit, Late = late,
        AnswerDueAt = Status is PetitionStatus.Accepted or PetitionStatus.Received ? AnswerDueAt : null,
    };

    private PetitionStatus Require(string step, PetitionStatus expected) => Status == expected
        ? Status
        : throw new PetitionTransitionException(
            $"Không thể {StepName(step)} khi phản ánh đang ở trạng thái {PetitionStatusNames.Vietnamese(Status)} / '{step}' is not allowed while the petition is {PetitionStatusNames.Name(Status)}.");

    private void Record(DateTimeOffset at, string actor, string action, PetitionStatus? from, string detail)
    {
        History.Add(new PetitionHistoryEntry
        {
            PetitionId = Id, At = at, Actor = actor, Action = action, FromStatus = from, ToStatus = Status,
            Detail = detail.Length > PetitionHistoryEntry.MaxDetailLength ? detail[..PetitionHistoryEntry.MaxDetailLength] : detail,
        });
        Version++;
    }

    private static double MinutesPerDay(OfficeHours hours) =>
        (hours.MorningEnd - hours.MorningStart).TotalMinutes + (hours.AfternoonEnd - hours.AfternoonStart).TotalMinutes;

    public static string ChannelName(string channel) => channel switch
    {
        "online" => "cổng trực tuyến",
        "hotline" => "đường dây nóng",
        "letter" => "văn bản, thư",
        "email" => "thư điện tử",
        _ => "trực tiếp tại Bộ phận Một cửa",
    };

    public static readonly string[] Channels = ["online", "hotline", "letter", "email", "counter"];

    private static string StepName(string step) => step switch
    {
        "classify" => "phân loại",
        "forward" => "chuyển",
        "request-info" => "đề nghị bổ sung thông tin",
        "info-received" => "ghi nhận thông tin bổ sung",
        "answer" => "trả lời",
        _ => "công khai",
    };

    public static string StageName(string stage) => stage switch
    {
        Stages.Classify => "phân loại",
        Stages.Answer => "trả lời",
        _ => "công khai kết quả",
    };
}

/// <summary>The steps whose deadlines the watch follows.</summary>
public static class Stages
{
    public const string Classify = "classify";
    public const string Answer = "answer";
    public const string Publish = "publish";
}

/// <summary>Who sent a petition: a name (or none, anonymous) and at least one contact.</summary>
public sealed record Sender(string FullName, string? Phone, string? Email);

public enum PetitionKind
{
    Regulation,
    Procedure,
    Dossier,
}

public static class PetitionKinds
{
    public static string Name(PetitionKind kind) => kind switch
    {
        PetitionKind.Regulation => "regulation",
        PetitionKind.Procedure => "procedure",
        _ => "dossier",
    };

    public static string Vietnamese(PetitionKind kind) => kind switch
    {
        PetitionKind.Regulation => "Quy định hành chính",
        PetitionKind.Procedure => "Thủ tục hành chính",
        _ => "Hồ sơ thủ tục hành chính",
    };

    public static bool TryParse(string? text, out PetitionKind kind)
    {
        (var ok, kind) = text switch
        {
            "regulation" => (true, PetitionKind.Regulation),
            "procedure" => (true, PetitionKind.Procedure),
            "dossier" => (true, PetitionKind.Dossier),
            _ => (false, default),
        };
        return ok;
    }
}

public enum PetitionStatus
{
    Received,
    Accepted,
    AwaitingInfo,
    Answered,
    Published,
    Refused,
}

public static class PetitionStatusNames
{
    public static readonly IReadOnlyList<string> All = Enum.GetValues<PetitionStatus>().Select(Name).ToList();

    public static string Name(PetitionStatus status) => status switch
    {
        PetitionStatus.Received => "received",
        PetitionStatus.Accepted => "accepted",
        PetitionStatus.AwaitingInfo => "awaiting-info",
        PetitionStatus.Answered => "answered",
        PetitionStatus.Published => "published",
        _ => "refused",
    };

    public static string Vietnamese(PetitionStatus status) => status switch
    {
        PetitionStatus.Received => "chờ phân loại",
        PetitionStatus.Accepted => "đang xử lý",
        PetitionStatus.AwaitingInfo => "chờ bổ sung thông tin",
        PetitionStatus.Answered => "đã trả lời",
        PetitionStatus.Published => "đã công khai",
        _ => "không thụ lý",
    };

    public static bool TryParse(string? text, out PetitionStatus status)
    {
        foreach (var candidate in Enum.GetValues<PetitionStatus>())
        {
            if (Name(candidate) == text)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}

/// <summary>One change of a petition: who, when, what, from which state.</summary>
public sealed class PetitionHistoryEntry
{
    public const int MaxDetailLength = 2000;

    public long Id { get; init; }

    public Guid PetitionId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Action { get; init; }

    public PetitionStatus? FromStatus { get; init; }

    public PetitionStatus ToStatus { get; init; }

    public required string Detail { get; init; }
}

public sealed class PetitionTransitionException(string message) : InvalidOperationException(message);

/// <summary>The province-wide sequence of petition codes of one day.</summary>
public sealed class PetitionSequence
{
    /// <summary><c>YYMMDD</c>.</summary>
    public required string Day { get; init; }

    public int Last { get; set; }
}
