namespace Tthc.Calendar;

/// <summary>A computed appointment: when the dossier was received, when counting started, and when it is due.</summary>
/// <param name="ReceivedAt">As given.</param>
/// <param name="CountsFrom">The effective receipt (Vietnam time): receipts outside office hours, or online in the last
/// hour, count from the start of the next working half-day or day.</param>
/// <param name="DueAt">The end of the due half-day (Vietnam time).</param>
public readonly record struct Deadline(DateTimeOffset ReceivedAt, DateTimeOffset CountsFrom, DateTimeOffset DueAt);

/// <summary>A day the count passed over, and why.</summary>
/// <param name="Date">The day.</param>
/// <param name="Kind"><c>weekend</c>, <c>holiday</c>, <c>compensatory</c> or <c>swap-off</c>.</param>
/// <param name="Reason">In Vietnamese: the weekday, or the holiday's name.</param>
public sealed record SkippedDay(DateOnly Date, string Kind, string Reason);
