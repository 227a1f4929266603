using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Tthc.Contracts.Reporting.V1;
using Tthc.Reporting.Apis;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;
using ReportMessage = Tthc.Contracts.Reporting.V1.Report;
using ReportRowMessage = Tthc.Contracts.Reporting.V1.ReportRow;

namespace Tthc.Reporting.Grpc;

/// <summary><c>tthc.reporting.v1.Reporting</c>: reports for the provincial data platform.</summary>
[Authorize(Policy = TthcPolicies.Platform)]
public sealed class ReportingService(ReportingDbContext db, TimeProvider time) : Contracts.Reporting.V1.Reporting.ReportingBase
{
    public override async Task<ReportMessage> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var today = ReportsApi.VietnamToday(time);
        var year = request.Year == 0 ? today.Year : request.Year;
        int? number = request.Number == 0 ? null : request.Number;
        if (!ReportPeriod.TryResolve(request.Period, year, number, today, out var period, out var error))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{error.Parameter}: {error.Message}"));
        }

        var unitCode = request.UnitCode.Length == 0 ? null : request.UnitCode;
        var report = await db.BuildReportAsync(unitCode, period, context.CancellationToken);

        var message = new ReportMessage
        {
            Period = new Period { Start = period.Start.ToString("O"), End = period.End.ToString("O"), Kind = period.Kind },
            Total = ToMessage(report.Total),
        };
        message.Rows.AddRange(report.Rows.Select(ToMessage));
        return message;
    }

    private static ReportRowMessage ToMessage(Domain.ReportRow row) => new()
    {
        UnitCode = row.UnitCode,
        UnitName = row.UnitName,
        CarriedOver = row.CarriedOver,
        ReceivedOnline = row.ReceivedOnline,
        ReceivedCounter = row.ReceivedCounter,
        ReceivedPostal = row.ReceivedPostal,
        Resolved = row.Resolved,
        ResolvedEarly = row.ResolvedEarly,
        ResolvedOnTime = row.ResolvedOnTime,
        ResolvedLate = row.ResolvedLate,
        Pending = row.Pending,
        PendingNotYetDue = row.PendingNotYetDue,
        PendingOverdue = row.PendingOverdue,
        LateWithApology = row.LateWithApology,
        LateWithoutApology = row.LateWithoutApology,
        Refused = row.Refused,
        Stopped = row.Stopped,
        Withdrawn = row.Withdrawn,
        ApologiesIssuedLate = row.ApologiesIssuedLate,
    };
}
