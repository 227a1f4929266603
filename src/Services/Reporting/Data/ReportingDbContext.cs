using Microsoft.EntityFrameworkCore;
using Tthc.Messaging;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.Data;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<UnitDayCounter> UnitDayCounters => Set<UnitDayCounter>();

    public DbSet<ReportingUnit> Units => Set<ReportingUnit>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UnitDayCounter>(counter =>
        {
            counter.ToTable("unit_day_counters");
            counter.HasKey(c => new { c.UnitCode, c.Day });
            counter.HasIndex(c => c.Day);
            counter.Property(c => c.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<ReportingUnit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(13);
            unit.Property(u => u.Name).HasMaxLength(300);
        });

        modelBuilder.AddInbox();
    }
}
