using Microsoft.EntityFrameworkCore;
using Tthc.Database;
using Tthc.Messaging;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

/// <summary>
/// The service's database (SQLite by default). <see cref="PostgresReportingDbContext"/> is the same model on PostgreSQL, with
/// PostgreSQL's migrations; the services ask for this type and get whichever <c>Database:Provider</c> names.
/// </summary>
public class ReportingDbContext : DbContext
{
    public ReportingDbContext(DbContextOptions<ReportingDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresReportingDbContext"/>, whose options are its own.</summary>
    protected ReportingDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<UnitDayCounter> UnitDayCounters => Set<UnitDayCounter>();

    public DbSet<UnitHalfMonthCounter> UnitHalfMonthCounters => Set<UnitHalfMonthCounter>();

    public DbSet<UnitMonthCounter> UnitMonthCounters => Set<UnitMonthCounter>();

    public DbSet<UnitYearCounter> UnitYearCounters => Set<UnitYearCounter>();

    public DbSet<DossierFact> Facts => Set<DossierFact>();

    public DbSet<LateApology> LateApologies => Set<LateApology>();

    public DbSet<FactChange> FactChanges => Set<FactChange>();

    public DbSet<ReportingUnit> Units => Set<ReportingUnit>();

    public DbSet<PetitionFact> Petitions => Set<PetitionFact>();

    public DbSet<SatisfactionRating> Ratings => Set<SatisfactionRating>();

    public DbSet<SatisfactionDay> SatisfactionDays => Set<SatisfactionDay>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Counters are keyed period first: a report's rows for a day, a half, a month or a year — every unit's — sit
        // side by side (SQLite keeps these tables in key order, WITHOUT ROWID), and the day's new rows go to one end.
        modelBuilder.Entity<UnitDayCounter>(counter =>
        {
            counter.ToTable("unit_day_counters");
            counter.HasKey(c => new { c.Day, c.UnitCode });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<UnitHalfMonthCounter>(counter =>
        {
            counter.ToTable("unit_half_month_counters");
            counter.HasKey(c => new { c.Half, c.UnitCode });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<UnitMonthCounter>(counter =>
        {
            counter.ToTable("unit_month_counters");
            counter.HasKey(c => new { c.Month, c.UnitCode });
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<UnitYearCounter>(counter =>
        {
            counter.ToTable("unit_year_counters");
            counter.HasKey(c => new { c.Year, c.UnitCode });
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
            fact.Property(f => f.Outcome).HasConversion(CaseTermConverters.Outcome).HasMaxLength(10);
            fact.Property(f => f.Timeliness).HasConversion(CaseTermConverters.Timeliness).HasMaxLength(10);
            fact.Property(f => f.ApologyNumber).HasMaxLength(20);
            // The compliance list looks for dossiers whose appointment passed, per unit.
            fact.HasIndex(f => new { f.UnitCode, f.DueAt });
            // The service index reads the dossiers decided in a month, for one unit or the province.
            fact.HasIndex(f => new { f.ClosedAt, f.UnitCode });
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

        modelBuilder.Entity<PetitionFact>(petition =>
        {
            petition.ToTable("petition_facts");
            petition.HasKey(p => p.Code);
            petition.Property(p => p.Code).HasMaxLength(20);
            petition.Property(p => p.UnitCode).HasMaxLength(13);
            petition.Property(p => p.CaseCode).HasMaxLength(40);
            petition.Property(p => p.Kind).HasMaxLength(20);
            petition.Property(p => p.Channel).HasMaxLength(10);
            petition.Property(p => p.Decision).HasMaxLength(10);
            petition.HasIndex(p => new { p.UnitCode, p.AnswerDueAt });
        });

        modelBuilder.Entity<SatisfactionRating>(rating =>
        {
            rating.ToTable("satisfaction_ratings");
            rating.HasKey(r => r.CaseCode);
            rating.Property(r => r.CaseCode).HasMaxLength(40);
            rating.Property(r => r.UnitCode).HasMaxLength(13);
            rating.Property(r => r.Criteria).HasMaxLength(30);
            rating.Property(r => r.Verdict).HasMaxLength(20);
        });

        modelBuilder.Entity<SatisfactionDay>(day =>
        {
            day.ToTable("satisfaction_days");
            day.HasKey(d => new { d.UnitCode, d.Day });
            day.Property(d => d.UnitCode).HasMaxLength(13);
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

/// <summary>
/// <see cref="ReportingDbContext"/> on PostgreSQL: the same model, its own migrations (<c>Data/Migrations/Postgres</c>), which EF
/// Core finds by this type.
/// </summary>
public sealed class PostgresReportingDbContext(DbContextOptions<PostgresReportingDbContext> options) : ReportingDbContext(options);
