using Tthc.Calendar;
using Tthc.Contracts;

namespace Tthc.Cases.Domain;

/// <summary>
/// One row of the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): a handover from one unit to another, the
/// share of the time the receiving unit has, and — once it hands on or decides — whether it kept to it.
/// </summary>
public sealed class DossierStep
{
    public long Id { get; private set; }

    public required string DossierCode { get; init; }

    public required string FromUnitCode { get; init; }

    public required string ToUnitCode { get; init; }

    public required DateTimeOffset HandedAt { get; init; }

    /// <summary>When the receiving unit's share of the time ends.</summary>
    public required DateTimeOffset StepDueAt { get; init; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Against the step's share of the time, once the step is completed.</summary>
    public Timeliness? Result { get; private set; }

    public void Complete(DateTimeOffset at)
    {
        CompletedAt = at;
        var vietnam = VietnamTime.Offset;
        Result = at > StepDueAt ? Timeliness.Late
            : DateOnly.FromDateTime(at.ToOffset(vietnam).DateTime) < DateOnly.FromDateTime(StepDueAt.ToOffset(vietnam).DateTime) ? Timeliness.Early
            : Timeliness.OnTime;
    }
}
