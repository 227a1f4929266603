using Tthc.Calendar;

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

    /// <summary>
    /// Weekly rest days (English day names, lower case) when the unit departs from the civil service's Saturday and
    /// Sunday — e.g. <c>["sunday"]</c> for an office open on Saturdays; null inherits from the unit above (the province's
    /// default).
    /// </summary>
    public List<string>? RestDays { get; set; }

    /// <summary>Office hours <c>07:30-11:30,13:30-17:00</c> when not the province's default; null inherits from the unit above.</summary>
    public string? OfficeHours { get; set; }

    /// <summary>
    /// The office hours and weekly rest days that count a unit's deadlines: its own, else the nearest unit's above it,
    /// else the civil service's (nulls). A unit's rest days decide its compensatory days; the yearly swaps bind only
    /// the Monday–Friday week.
    /// </summary>
    public static (OfficeHours? Hours, IReadOnlyCollection<DayOfWeek>? RestDays) WorkWeekOf(IReadOnlyDictionary<string, Unit> units, string code)
    {
        OfficeHours? hours = null;
        IReadOnlyCollection<DayOfWeek>? restDays = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var unit = units.GetValueOrDefault(code); unit is not null && seen.Add(unit.Code); unit = unit.ParentCode is { } p ? units.GetValueOrDefault(p) : null)
        {
            if (hours is null && unit.OfficeHours is { } text && Calendar.OfficeHours.TryParse(text, out var parsed))
            {
                hours = parsed;
            }

            restDays ??= unit.RestDays?.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToList();
        }

        return (hours, restDays);
    }
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

    /// <summary>The statutory time in the citizen's words, as the receipt prints it: "15 ngày làm việc", "5,5 ngày làm việc" (a
    /// Vietnamese decimal comma), "Giải quyết trong ngày".</summary>
    public static string TimeInWords(double processingDays, bool sameDay) =>
        sameDay ? "Giải quyết trong ngày" : $"{processingDays.ToString("0.#", VietnameseNumbers.Format)} ngày làm việc";
}

/// <summary>A document the dossier must (or may) contain.</summary>
public sealed class ProcedureComponent
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public bool Required { get; set; }
}
