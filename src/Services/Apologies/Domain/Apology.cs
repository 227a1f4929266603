namespace Tthc.Apologies.Domain;

/// <summary>
/// Phiếu xin lỗi và hẹn lại ngày trả kết quả (Circular 01/2018, form 04), since 2025 Phiếu xin lỗi và đề nghị gia hạn
/// thời gian giải quyết (Circular 03/2025, form 04): the written apology a late unit owes the citizen, with a new
/// appointment date.
/// </summary>
public sealed class Apology
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string CaseCode { get; init; }

    /// <summary>The unit that is late and issues the apology.</summary>
    public required string UnitCode { get; init; }

    public required string ProcedureCode { get; init; }

    public ApologyStatus Status { get; set; } = ApologyStatus.Draft;

    /// <summary>The sequence in <c>&lt;n&gt;/PXL</c>, per unit per year; set when signed.</summary>
    public int? Number { get; set; }

    public string? Reason { get; set; }

    public required DateTimeOffset OriginalDueAt { get; init; }

    public DateOnly? NewAppointmentDate { get; set; }

    public required DateTimeOffset DraftedAt { get; init; }

    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>The number as printed on the form, e.g. <c>12/PXL</c>.</summary>
    public string? NumberText => Number is { } n ? $"{n}/PXL" : null;
}

public enum ApologyStatus
{
    /// <summary>Opened automatically; waiting for the unit to give the reason and new date.</summary>
    Draft,

    /// <summary>Reason and date given; waiting for the leader's signature.</summary>
    AwaitingSignature,

    /// <summary>Signed and numbered.</summary>
    Issued,

    /// <summary>The dossier was decided in time after all.</summary>
    Cancelled,
}
