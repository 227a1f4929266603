using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tthc.Messaging;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<UnitDayCounter> UnitDayCounters => Set<UnitDayCounter>();

    public DbSet<UnitMonthCounter> UnitMonthCounters => Set<UnitMonthCounter>();

    public DbSet<UnitYearCounter> UnitYearCounters => Set<UnitYearCounter>();

    public DbSet<DossierFact> Facts => Set<DossierFact>();

    public DbSet<LateApology> LateApologies => Set<LateApology>();

    public DbSet<FactChange> FactChanges => Set<FactChange>();

    public DbSet<ReportingUnit> Units => Set<ReportingUnit>();

    /// <summary>
    /// The facts this unit of work has loaded or created, by case code; <c>null</c> when a bulk load found none. Facts are
    /// not tracked by EF Core: those changed are written at save (see <see cref="ChangedFacts"/>).
    /// </summary>
    public Dictionary<string, DossierFact?> KnownFacts { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Facts changed since the last save. At the next one each is written as it stands (one upsert by a prepared
    /// statement, like the counters) and entered once in the change log (<c>fact_changes</c>): the stream reads a fact
    /// as it stands, so a batch that receives and decides a dossier writes and logs it once.
    /// </summary>
    public HashSet<string> ChangedFacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts afresh after a save: nothing tracked, no fact remembered.</summary>
    public void Forget()
    {
        ChangeTracker.Clear();
        KnownFacts.Clear();
        ChangedFacts.Clear();
    }

    /// <summary>Counter changes waiting for the next save (see <see cref="CounterBuffer"/>).</summary>
    public CounterBuffer Counters { get; } = new();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!HasBufferedWrites)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The counters, the facts they come from and the change log are saved together or not at all.
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await Counters.FlushAsync(this, cancellationToken);
            await WriteChangedFactsAsync(cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private async Task WriteChangedFactsAsync(CancellationToken cancellationToken)
    {
        await PreparedRows.UpsertAsync(this, ChangedFacts.Select(code => KnownFacts[code]!).ToList(), cancellationToken);
        await PreparedRows.AppendAsync(this, ChangedFacts.Select(code => new FactChange { CaseCode = code }).ToList(), cancellationToken);

        // After a save, a further change of a fact needs its own entry, after the ones just written.
        ChangedFacts.Clear();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        HasBufferedWrites ? throw new InvalidOperationException("Save fact changes with SaveChangesAsync.") : base.SaveChanges(acceptAllChangesOnSuccess);

    /// <summary>Counter changes or changed facts, which only the asynchronous save writes.</summary>
    private bool HasBufferedWrites => !Counters.IsEmpty || ChangedFacts.Count > 0;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UnitDayCounter>(counter =>
        {
            counter.ToTable("unit_day_counters");
            counter.HasKey(c => new { c.UnitCode, c.Day });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<UnitMonthCounter>(counter =>
        {
            counter.ToTable("unit_month_counters");
            counter.HasKey(c => new { c.UnitCode, c.Month });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<UnitYearCounter>(counter =>
        {
            counter.ToTable("unit_year_counters");
            counter.HasKey(c => new { c.UnitCode, c.Year });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<DossierFact>(fact =>
        {
            fact.ToTable("dossier_facts");
            fact.HasKey(f => f.CaseCode);
            fact.Property(f => f.CaseCode).HasMaxLength(40);
            fact.Property(f => f.UnitCode).HasMaxLength(13);
            fact.Property(f => f.ReceivingUnitCode).HasMaxLength(13);
            fact.Property(f => f.ProcedureCode).HasMaxLength(20);
            fact.Property(f => f.Channel).HasMaxLength(10);
            fact.Property(f => f.Outcome).HasMaxLength(10);
            fact.Property(f => f.Timeliness).HasMaxLength(10);
            fact.Property(f => f.ApologyNumber).HasMaxLength(20);
            // The compliance list looks for dossiers whose appointment passed, per unit.
            fact.HasIndex(f => new { f.UnitCode, f.DueAt });
        });

        modelBuilder.Entity<LateApology>(pair =>
        {
            pair.ToTable("late_apologies");
            pair.HasKey(p => p.CaseCode);
            // Covering: the report counts pairs by unit for a range of decision days without touching the table.
            pair.HasIndex(p => new { p.DecidedOn, p.ApologyOn, p.UnitCode });
        });

        modelBuilder.Entity<FactChange>(change =>
        {
            change.ToTable("fact_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.CaseCode).HasMaxLength(40);
        });

        modelBuilder.Entity<ReportingUnit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(13);
            unit.Property(u => u.Name).HasMaxLength(300);
            unit.Property(u => u.Kind).HasMaxLength(20);
            unit.Property(u => u.ParentCode).HasMaxLength(13);
        });

        modelBuilder.AddInbox();
    }
}
