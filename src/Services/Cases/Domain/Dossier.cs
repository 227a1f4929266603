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

    public required string ApplicantName { get; init; }

    /// <summary>Số định danh cá nhân (or a business's code).</summary>
    public string? ApplicantIdNumber { get; init; }

    public string? ApplicantPhone { get; init; }

    public string? ApplicantEmail { get; init; }

    public string? ApplicantAddress { get; init; }

    /// <summary>The ids of the components handed in.</summary>
    public List<string> Components { get; init; } = [];

    /// <summary>The statutory time when the dossier was received (the catalogue may change later).</summary>
    public double ProcessingDays { get; init; }

    public bool SameDay { get; init; }

    /// <summary>The unit that decides (may differ from the receiving one-stop office).</summary>
    public string? ResponsibleUnitCode { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The appointment (due) instant on the receipt.</summary>
    public required DateTimeOffset DueAt { get; set; }

    public bool IsOpen => Status is DossierStatus.Received or DossierStatus.InProgress or DossierStatus.AwaitingSupplement;

    public bool IsOverdue(DateTimeOffset now) => IsOpen && now > DueAt;
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
}
