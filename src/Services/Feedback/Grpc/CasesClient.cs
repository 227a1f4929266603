using Grpc.Core;
using Tthc.Contracts.Cases.V1;

namespace Tthc.Feedback.Grpc;

/// <summary>What Feedback asks Cases: is this the dossier's secret, what is the dossier, which units exist.</summary>
public interface ICasesClient
{
    /// <summary>Whether the citizen's lookup secret is the dossier's: Cases keeps the secrets and counts the wrong ones.</summary>
    Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken);

    /// <summary>The dossier's status and units, or null when Cases has no such dossier.</summary>
    Task<CaseSummary?> GetAsync(string caseCode, CancellationToken cancellationToken);

    /// <summary>Every unit of the province, code → name.</summary>
    Task<IReadOnlyDictionary<string, string>> ListUnitsAsync(CancellationToken cancellationToken);
}

/// <param name="Right">The secret is the dossier's.</param>
/// <param name="RetryAfter">Set when the dossier's lookup is shut after too many wrong secrets.</param>
public sealed record SecretAnswer(bool Right, TimeSpan? RetryAfter);

/// <param name="Status">Cases' status name, e.g. <c>InProgress</c>, <c>Returned</c>.</param>
public sealed record CaseSummary(string Code, string Status, string ReceivingUnitCode, string ResponsibleUnitCode, string ProcedureCode, DateTimeOffset? ReturnedAt);

/// <summary><see cref="ICasesClient"/> over <c>tthc.cases.v1.Cases</c>, signed with a service token.</summary>
public sealed class GrpcCasesClient(Contracts.Cases.V1.Cases.CasesClient client) : ICasesClient
{
    public async Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken)
    {
        var answer = await client.CheckLookupSecretAsync(new CheckLookupSecretRequest { Code = caseCode, Secret = secret }, cancellationToken: cancellationToken);
        return new SecretAnswer(
            answer.Verdict == LookupVerdict.Right,
            answer.Verdict == LookupVerdict.Locked ? TimeSpan.FromSeconds(answer.RetryAfterSeconds) : null);
    }

    public async Task<CaseSummary?> GetAsync(string caseCode, CancellationToken cancellationToken)
    {
        try
        {
            var c = await client.GetCaseAsync(new GetCaseRequest { Code = caseCode }, cancellationToken: cancellationToken);
            return new CaseSummary(c.Code, c.Status, c.UnitCode, c.ResponsibleUnitCode.Length > 0 ? c.ResponsibleUnitCode : c.UnitCode,
                c.ProcedureCode, c.ReturnedAt?.ToDateTimeOffset());
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> ListUnitsAsync(CancellationToken cancellationToken)
    {
        var response = await client.ListUnitsAsync(new ListUnitsRequest(), cancellationToken: cancellationToken);
        return response.Units.ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
    }
}

/// <summary>
/// The unit tree's names, asked of Cases (which owns it) when first needed and again after a few minutes: a petition
/// must name a unit that exists, and the public page shows its name.
/// </summary>
public sealed class UnitDirectory(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IReadOnlyDictionary<string, string> Names, DateTimeOffset At)? _known;

    /// <summary>Code → name; throws when Cases cannot be reached and nothing is known yet.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(CancellationToken cancellationToken)
    {
        if (_known is { } known && time.GetUtcNow() - known.At < FreshFor)
        {
            return known.Names;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_known is { } again && time.GetUtcNow() - again.At < FreshFor)
            {
                return again.Names;
            }

            try
            {
                using var scope = scopes.CreateScope();
                var names = await scope.ServiceProvider.GetRequiredService<ICasesClient>().ListUnitsAsync(cancellationToken);
                _known = (names, time.GetUtcNow());
                return names;
            }
            catch (RpcException) when (_known is { } stale)
            {
                return stale.Names; // Cases is away: yesterday's names are better than none
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The unit's name, or its code when unknown or Cases cannot be reached.</summary>
    public async Task<string> NameOfAsync(string unitCode, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetAsync(cancellationToken)).GetValueOrDefault(unitCode, unitCode);
        }
        catch (RpcException)
        {
            return unitCode;
        }
    }
}
