using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Tthc.Cases.Domain;
using Tthc.Contracts.Cases.V1;

namespace Tthc.Cases.Grpc;

/// <summary><c>tthc.cases.v1.Calendar</c>: the same answers as <c>/api/calendar</c>, for machines.</summary>
[AllowAnonymous]
public sealed class CalendarService(Calendar.CalendarsInForce catalog) : Contracts.Cases.V1.Calendar.CalendarBase
{
    public override Task<CalendarYear> GetYear(GetYearRequest request, ServerCallContext context)
    {
        if (!CalendarRequests.TryYear(request.Year, out var error))
        {
            throw Invalid(error);
        }

        var view = CalendarRequests.Year(catalog.Current, request.Year);
        var reply = new CalendarYear { Year = view.Year };
        reply.Holidays.AddRange(view.Holidays.Select(h => new DayOff { Date = Iso(h.Date), Name = h.Name, Kind = h.Kind }));
        reply.WorkingWeekends.AddRange(view.WorkingWeekends.Select(w => new WorkingWeekend { Date = Iso(w.Date), Reason = w.Reason }));
        return Task.FromResult(reply);
    }

    public override Task<LunarDate> ToLunar(ToLunarRequest request, ServerCallContext context) =>
        CalendarRequests.TryLunar(request.Date, out var lunar, out var error)
            ? Task.FromResult(new LunarDate
            {
                Solar = Iso(lunar.Solar),
                LunarDay = lunar.LunarDay,
                LunarMonth = lunar.LunarMonth,
                LunarYear = lunar.LunarYear,
                IsLeapMonth = lunar.IsLeapMonth,
                CanChi = lunar.CanChi,
            })
            : throw Invalid(error);

    public override Task<SolarDate> ToSolar(ToSolarRequest request, ServerCallContext context) =>
        CalendarRequests.TrySolar(request.LunarYear, request.LunarMonth, request.LunarDay, request.Leap, out var date, out var error)
            ? Task.FromResult(new SolarDate { Date = Iso(date) })
            : throw Invalid(error);

    public override Task<DeadlineReply> ComputeDeadline(ComputeDeadlineRequest request, ServerCallContext context)
    {
        var days = request.WorkingDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!CalendarRequests.TryDeadline(catalog.Current, request.ReceivedAt, days, request.Channel, request.SameDay, out var deadline, out var error))
        {
            throw Invalid(error);
        }

        var reply = new DeadlineReply
        {
            ReceivedAt = deadline.ReceivedAt.ToString("O"),
            CountsFrom = deadline.CountsFrom.ToString("O"),
            DueAt = deadline.DueAt.ToString("O"),
        };
        reply.Skipped.AddRange(deadline.Skipped.Select(s => new SkippedDay { Date = Iso(s.Date), Reason = s.Reason, Kind = s.Kind }));
        return Task.FromResult(reply);
    }

    private static string Iso(DateOnly date) => date.ToString("O");

    private static RpcException Invalid(CalendarRequests.ParameterError error) =>
        new(new Status(StatusCode.InvalidArgument, $"{error.Parameter}: {error.Message}"));
}
