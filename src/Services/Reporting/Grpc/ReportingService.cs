using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Authorization;
using Tthc.Contracts.Reporting.V1;
using Tthc.Calendar;
using Tthc.Database;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;
using ReportMessage = Tthc.Contracts.Reporting.V1.Report;
using ReportRowMessage = Tthc.Contracts.Reporting.V1.ReportRow;
using ComplianceRow = Tthc.Contracts.Reporting.V1.ComplianceRow;
using DossierFact = Tthc.Contracts.Reporting.V1.DossierFact;

namespace Tthc.Reporting.Grpc;

/// <summary><c>tthc.reporting.v1.Reporting</c>: reports for the provincial data platform.</summary>
[Authorize(Policy = TthcPolicies.Platform)]
public sealed class ReportingService(ReportingDbContext db, TimeProvider time) : Contracts.Reporting.V1.Reporting.ReportingBase
{
    public override async Task<Compliance> GetCompliance(GetComplianceRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var period = Resolve(request.Period, request.Year, request.Number, VietnamTime.DateOf(now));
        var report = await db.BuildComplianceAsync(period, now, context.CancellationToken);
        var message = new Compliance { Period = ToMessage(report.Period) };
        foreach (var unit in report.Units)
        {
            var row = new ComplianceRow { UnitCode = unit.UnitCode, UnitName = unit.UnitName, LateWithoutApology = unit.LateWithoutApology };
            row.CaseCodes.AddRange(unit.CaseCodes);
            message.Units.Add(row);
        }

        foreach (var unit in report.Petitions)
        {
            var row = new Contracts.Reporting.V1.PetitionComplianceRow
            {
                UnitCode = unit.UnitCode, UnitName = unit.UnitName, AnsweredLate = unit.AnsweredLate, Unanswered = unit.Unanswered,
            };
            row.PetitionCodes.AddRange(unit.Codes);
            message.Petitions.Add(row);
        }

        return message;
    }

    /// <summary>The change log of facts, from the cursor, then polled for what comes next (like Cases' watch).</summary>
    public override async Task StreamFacts(StreamFactsRequest request, IServerStreamWriter<DossierFact> responseStream, ServerCallContext context)
    {
        var cursor = request.Cursor;
        var ct = context.CancellationToken;
        var feed = new ChangeFeed(db, time);
        while (await feed.NextAsync(cursor, request.UntilNow,
                   (after, token) => db.FactChanges.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(1000).ToListAsync(token),
                   e => e.Id, ct) is { } changes)
        {
            // Only the latest change of each dossier in the batch is sent: the fact is sent as it is now anyway.
            var last = changes.GroupBy(c => c.CaseCode).Select(g => g.Max(c => c.Id)).ToHashSet();
            var codes = changes.Select(c => c.CaseCode).Distinct().ToList();
            var facts = await db.Facts.AsNoTracking().Where(f => codes.Contains(f.CaseCode)).ToDictionaryAsync(f => f.CaseCode, ct);
            foreach (var change in changes)
            {
                cursor = change.Id;
                if (last.Contains(change.Id) && facts.TryGetValue(change.CaseCode, out var fact))
                {
                    await responseStream.WriteAsync(ToMessage(change.Id, fact), ct);
                }
            }
        }
    }

    private static DossierFact ToMessage(long cursor, Domain.DossierFact f) => new()
    {
        Cursor = cursor,
        CaseCode = f.CaseCode,
        UnitCode = f.UnitCode,
        ReceivingUnitCode = f.ReceivingUnitCode,
        ProcedureCode = f.ProcedureCode,
        Channel = f.Channel,
        ReceivedAt = Instant(f.ReceivedAt),
        DueAt = Instant(f.DueAt),
        ClosedAt = Instant(f.ClosedAt),
        Outcome = f.Outcome is { } outcome ? Contracts.CaseTerms.Name(outcome) : "",
        Timeliness = f.Timeliness is { } timeliness ? Contracts.CaseTerms.Name(timeliness) : "",
        ApologyIssuedAt = Instant(f.ApologyIssuedAt),
        ApologyIssuedLate = f.ApologyIssuedLate,
        ApologyNumber = f.ApologyNumber ?? "",
        RescheduledTo = Instant(f.RescheduledTo),
    };

    private static string Instant(DateTimeOffset? value) => value?.ToUniversalTime().ToString("O") ?? "";

    public override async Task<ReportMessage> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var period = Resolve(request.Period, request.Year, request.Number, VietnamTime.DateOf(now));
        var unitCode = request.UnitCode.Length == 0 ? null : request.UnitCode;
        var report = await db.BuildReportAsync(unitCode, period, now, context.CancellationToken);

        var message = new ReportMessage { Period = ToMessage(report.Period), Total = ToMessage(report.Total) };
        message.Rows.AddRange(report.Rows.Select(ToMessage));
        return message;
    }

    /// <summary>The period asked for (year 0 = this year, number 0 = none); a bad one is InvalidArgument, one not begun OutOfRange.</summary>
    private static ReportPeriod Resolve(string kind, int year, int number, DateOnly today)
    {
        if (!ReportPeriod.TryResolve(kind, year == 0 ? today.Year : year, number == 0 ? null : number, today, out var period, out var error))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{error.Parameter}: {error.Message}"));
        }

        return period.StartsAfter(today) ? throw new RpcException(new Status(StatusCode.OutOfRange, period.NotStartedMessage)) : period;
    }

    private static Period ToMessage(PeriodView period) => new()
    {
        Start = period.Start.ToString("O"), End = period.End.ToString("O"), Kind = period.Kind, AsOf = Instant(period.AsOf),
    };

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
