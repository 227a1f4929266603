namespace Tthc.Cases.Domain;

/// <summary>
/// Cơ quan, đơn vị: a unit of the province — the province itself, a department (sở, ban, ngành), a district, a commune —
/// identified by its electronic ID code (QCVN 102:2016, up to 13 characters).
/// </summary>
public sealed class Unit
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>province | department | district | commune</summary>
    public required string Kind { get; set; }

    public string? ParentCode { get; set; }
}

/// <summary>Thủ tục hành chính: a procedure of the catalogue, with its statutory processing time.</summary>
public sealed class Procedure
{
    /// <summary>The national database code, e.g. <c>1.009994</c>.</summary>
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>Lĩnh vực.</summary>
    public required string Field { get; set; }

    /// <summary>province | district | commune</summary>
    public required string Level { get; set; }

    /// <summary>Statutory time in working days; half-days allowed; 0 for a same-day procedure.</summary>
    public required double ProcessingDays { get; set; }

    /// <summary>Giải quyết trong ngày: due the same day if received before 15:00.</summary>
    public bool SameDay { get; set; }

    /// <summary>The unit that decides.</summary>
    public required string UnitCode { get; set; }

    public List<ProcedureComponent> Components { get; set; } = [];

    public decimal? Fee { get; set; }

    /// <summary>restart (Decree 297/2025: time counts again from zero) or pause (the waiting time does not count).</summary>
    public string SupplementRule { get; set; } = "restart";
}

/// <summary>A document the dossier must (or may) contain.</summary>
public sealed class ProcedureComponent
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public bool Required { get; set; }
}
