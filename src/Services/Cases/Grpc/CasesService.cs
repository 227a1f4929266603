using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts.Cases.V1;
using Tthc.Database;

namespace Tthc.Cases.Grpc;

/// <summary><c>tthc.cases.v1.Cases</c>: dossiers for the provincial data platform and the other services.</summary>
[Authorize(Roles = $"{TthcRoles.Platform},{TthcRoles.Province},{TthcRoles.Officer},{TthcRoles.Leader},{TthcRoles.Service}")]
public sealed class CasesService(CasesDbContext db, TimeProvider time) : Contracts.Cases.V1.Cases.CasesBase
{
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var dossier = await db.Dossiers.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Code == request.Code, context.CancellationToken);
        if (dossier is null || !DossierAccess.MayAct(user, dossier))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No dossier '{request.Code}'."));
        }

        var message = await WithNamesAsync(ToMessage(dossier, time.GetUtcNow()), dossier, context.CancellationToken);
        if (!MaySeeApplicant(user))
        {
            message.Applicant = null;
        }
        else
        {
            var audit = context.GetHttpContext().RequestServices.GetRequiredService<PersonalDataAudit>();
            await audit.RecordAsync(user, dossier.Code, "gRPC GetCase", context.CancellationToken);
        }

        return message;
    }

    /// <summary>
    /// The applicant's personal data goes to those who act on the dossier (its units' staff, the provincial office,
    /// another service writing to the citizen), not to the data platform, whose purpose is statistics (Decree 13/2023).
    /// </summary>
    private static bool MaySeeApplicant(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(TthcRoles.Service) || user.IsInRole(TthcRoles.Province) || user.IsInRole(TthcRoles.Officer) || user.IsInRole(TthcRoles.Leader);

    /// <summary>The same change as over REST (<see cref="DossierLifecycle"/>), its outcome said in gRPC's terms.</summary>
    [Authorize(Roles = TthcRoles.Service)]
    public override async Task<Case> RescheduleCase(RescheduleCaseRequest request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var lifecycle = http.RequestServices.GetRequiredService<DossierLifecycle>();
        var actor = DossierLifecycle.Actor.Staff(http.User);
        var outcome = await lifecycle.RescheduleAsync(
            request.Code, actor, request.NewAppointmentDate, request.ApologyNumber.Length == 0 ? null : request.ApologyNumber, context.CancellationToken);
        return outcome switch
        {
            // The answer says what changed, not who applied: the applicant is read (and recorded) through GetCase.
            LifecycleOutcome.Done done => WithoutApplicant(await WithNamesAsync(ToMessage(done.Dossier, time.GetUtcNow()), done.Dossier, context.CancellationToken)),
            LifecycleOutcome.NotAllowed notAllowed => throw new RpcException(new Status(StatusCode.FailedPrecondition, notAllowed.Reason)),
            LifecycleOutcome.Invalid invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join(" ", invalid.Errors.SelectMany(e => e.Value)))),
            _ => throw new RpcException(new Status(StatusCode.NotFound, $"No dossier '{request.Code}'.")),
        };
    }

    private static Case WithoutApplicant(Case message)
    {
        message.Applicant = null;
        return message;
    }

    [Authorize(Roles = TthcRoles.Service)]
    public override async Task<CheckLookupSecretResponse> CheckLookupSecret(CheckLookupSecretRequest request, ServerCallContext context)
    {
        var secrets = context.GetHttpContext().RequestServices.GetRequiredService<CitizenSecrets>();
        var check = await secrets.CheckAsync(request.Code, request.Secret, context.CancellationToken);
        return new CheckLookupSecretResponse
        {
            Verdict = check.Verdict switch
            {
                SecretVerdict.Right => LookupVerdict.Right,
                SecretVerdict.Locked => LookupVerdict.Locked,
                _ => LookupVerdict.Wrong,
            },
            RetryAfterSeconds = (int)Math.Ceiling(check.RetryAfter.TotalSeconds),
        };
    }

    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(context.CancellationToken);
        var response = new ListUnitsResponse();
        response.Units.AddRange(units.Select(u => new UnitInfo { Code = u.Code, Name = u.Name, Kind = u.Kind, ParentCode = u.ParentCode ?? "" }));
        return response;
    }

    private async Task<Case> WithNamesAsync(Case message, Dossier dossier, CancellationToken cancellationToken)
    {
        string[] unitCodes = [dossier.UnitCode, dossier.ResponsibleUnitCode ?? dossier.UnitCode];
        var units = await db.Units.AsNoTracking().Where(u => unitCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, cancellationToken);
        message.ProcedureName = await db.Procedures.AsNoTracking().Where(p => p.Code == dossier.ProcedureCode).Select(p => p.Name)
            .SingleOrDefaultAsync(cancellationToken) ?? "";
        message.UnitName = units.GetValueOrDefault(dossier.UnitCode) ?? "";
        message.ResponsibleUnitName = units.GetValueOrDefault(unitCodes[1]) ?? "";
        message.Applicant = new Applicant
        {
            FullName = dossier.ApplicantName,
            IdNumber = dossier.ApplicantIdNumber ?? "",
            Phone = dossier.ApplicantPhone ?? "",
            Email = dossier.ApplicantEmail ?? "",
            Address = dossier.ApplicantAddress ?? "",
            Organisation = dossier.ApplicantIsOrganisation,
        };
        return message;
    }

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize == 0 ? PageCursor.DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > PageCursor.MaxPageSize)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"page_size must be between 1 and {PageCursor.MaxPageSize}."));
        }

        long? after = null;
        if (request.PageToken.Length > 0)
        {
            after = PageCursor.TryDecode(request.PageToken, out var id)
                ? id
                : throw new RpcException(new Status(StatusCode.InvalidArgument, "page_token is not one this API returned."));
        }

        if (!UnitScope.TryResolve(context.GetHttpContext().User, request.UnitCode, out var unitCode))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The caller may not list that unit's dossiers."));
        }

        var (rows, next) = await db.PageAsync(unitCode, after, pageSize, context.CancellationToken);
        var now = time.GetUtcNow();
        var response = new ListCasesResponse { NextPageToken = next ?? "" };
        response.Cases.AddRange(rows.Select(d => ToMessage(d, now)));
        return response;
    }

    /// <summary>The history table is the change log: streamed from the cursor, then polled for what comes next.</summary>
    [Authorize(Policy = TthcPolicies.Platform)]
    public override async Task WatchCases(WatchCasesRequest request, IServerStreamWriter<CaseChange> responseStream, ServerCallContext context)
    {
        var unitCode = request.UnitCode.Length == 0 ? null : request.UnitCode;
        var cursor = request.Cursor;
        var ct = context.CancellationToken;
        var feed = new ChangeFeed(db, time);
        while (await feed.NextAsync(cursor, request.UntilNow,
                   (after, token) => db.History.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(500).ToListAsync(token),
                   e => e.Id, ct) is { } entries)
        {
            var codes = entries.Select(e => e.DossierCode).Distinct().ToList();
            var dossiers = await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, ct);
            var now = time.GetUtcNow();
            foreach (var entry in entries)
            {
                cursor = entry.Id;
                if (!dossiers.TryGetValue(entry.DossierCode, out var dossier) ||
                    (unitCode is not null && dossier.UnitCode != unitCode && dossier.HoldingUnitCode != unitCode && dossier.ResponsibleUnitCode != unitCode))
                {
                    continue;
                }

                await responseStream.WriteAsync(new CaseChange
                {
                    Cursor = entry.Id,
                    Action = entry.Action,
                    At = Timestamp.FromDateTimeOffset(entry.At),
                    Case = ToMessage(dossier, now),
                }, ct);
            }
        }
    }

    private static Case ToMessage(Dossier d, DateTimeOffset now) => new()
    {
        Code = d.Code,
        UnitCode = d.UnitCode,
        ProcedureCode = d.ProcedureCode,
        Channel = d.Channel.ToString().ToLowerInvariant(),
        Status = d.Status.ToString(),
        ReceivedAt = Timestamp.FromDateTimeOffset(d.ReceivedAt),
        DueAt = Timestamp.FromDateTimeOffset(d.DueAt),
        Overdue = d.IsOverdue(now),
        RescheduledTo = d.RescheduledTo is { } rescheduled ? Timestamp.FromDateTimeOffset(rescheduled) : null,
        DecidedAt = d.DecidedAt is { } decided ? Timestamp.FromDateTimeOffset(decided) : null,
        Timeliness = d.Timeliness is { } timeliness ? Contracts.CaseTerms.Name(timeliness) : "",
        WorkingDaysLate = d.WorkingDaysLate,
        ReturnedAt = d.ReturnedAt is { } returned ? Timestamp.FromDateTimeOffset(returned) : null,
        ResponsibleUnitCode = d.ResponsibleUnitCode ?? d.UnitCode,
    };
}
