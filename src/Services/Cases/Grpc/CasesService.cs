using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Apis;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Contracts.Cases.V1;

namespace Tthc.Cases.Grpc;

/// <summary><c>tthc.cases.v1.Cases</c>: dossiers for the provincial data platform and the other services.</summary>
[Authorize(Roles = $"{TthcRoles.Platform},{TthcRoles.Province},{TthcRoles.Officer},{TthcRoles.Leader}")]
public sealed class CasesService(CasesDbContext db, TimeProvider time) : Contracts.Cases.V1.Cases.CasesBase
{
    public override async Task<Case> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var dossier = await db.Dossiers.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Code == request.Code, context.CancellationToken);
        if (dossier is null || !UnitScope.CanSee(user, dossier.UnitCode))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No dossier '{request.Code}'."));
        }

        return ToMessage(dossier, time.GetUtcNow());
    }

    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize == 0 ? CasesApi.DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > CasesApi.MaxPageSize)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"page_size must be between 1 and {CasesApi.MaxPageSize}."));
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
    };
}
