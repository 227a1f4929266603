using Microsoft.EntityFrameworkCore;
using Tthc.Contracts.Cases.V1;
using Tthc.Database;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Workers;

/// <summary>
/// Keeps Reporting's copy of the unit tree (names, parents) in step with Cases, which owns it: at start, then every
/// few minutes; while Cases cannot be reached, reports show unit codes where names would be.
/// </summary>
public sealed class UnitDirectory(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<UnitDirectory> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Units:RefreshInterval", TimeSpan.FromMinutes(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = every;
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping (the call cancelled, whatever it threw): nothing to retry.
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The unit tree could not be fetched from Cases; trying again shortly.");
                wait = TimeSpan.FromSeconds(5);
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<Contracts.Cases.V1.Cases.CasesClient>();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        var reply = await client.ListUnitsAsync(new ListUnitsRequest(), cancellationToken: cancellationToken);
        var known = await db.Units.ToDictionaryAsync(u => u.Code, cancellationToken);
        foreach (var unit in reply.Units)
        {
            if (!known.TryGetValue(unit.Code, out var mine))
            {
                db.Units.Add(mine = new ReportingUnit { Code = unit.Code, Name = unit.Name });
            }

            mine.Name = unit.Name;
            mine.Kind = unit.Kind;
            mine.ParentCode = unit.ParentCode.Length == 0 ? null : unit.ParentCode;
        }

        using var turn = await db.WriteTurnAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
