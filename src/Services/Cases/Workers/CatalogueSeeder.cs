using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Data;
using Tthc.Cases.Domain;
using Tthc.Database;

namespace Tthc.Cases.Workers;

/// <summary>
/// On first start (no units yet), fills the catalogue from the province's data file: <c>Catalogue:SeedFile</c>, or the
/// sample shipped in <c>Data/Seed/catalogue.json</c>. Seeds no dossiers.
/// </summary>
internal sealed class CatalogueSeeder(IServiceProvider services, IConfiguration configuration, ILogger<CatalogueSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
        // Replicas starting together seed one at a time (PostgreSQL); the second finds the catalogue there.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockAsync(["catalogue-seed"], shared: false, cancellationToken);
        if (await db.Units.AnyAsync(cancellationToken))
        {
            return;
        }

        var path = configuration["Catalogue:SeedFile"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "Data", "Seed", "catalogue.json");
        await using var file = File.OpenRead(path);
        var seed = await JsonSerializer.DeserializeAsync<CatalogueSeed>(file, new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken)
                   ?? throw new InvalidOperationException($"The catalogue file {path} is empty.");
        db.Units.AddRange(seed.Units);
        db.Procedures.AddRange(seed.Procedures);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Two instances started together on one database: if the other one won, its catalogue is the same file.
            if (await AnotherInstanceSeededAsync(services, cancellationToken))
            {
                return;
            }

            throw;
        }

        logger.LogInformation("Seeded the catalogue from {Path}: {Units} units, {Procedures} procedures", path, seed.Units.Count, seed.Procedures.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> AnotherInstanceSeededAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CasesDbContext>().Units.AnyAsync(cancellationToken);
    }

    private sealed record CatalogueSeed(List<Unit> Units, List<Procedure> Procedures);
}
