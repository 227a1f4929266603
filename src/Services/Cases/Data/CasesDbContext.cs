using Microsoft.EntityFrameworkCore;
using Tthc.Cases.Domain;

namespace Tthc.Cases.Data;

public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : DbContext(options)
{
    public DbSet<Dossier> Dossiers => Set<Dossier>();

    public DbSet<CalendarScheduleRecord> CalendarSchedules => Set<CalendarScheduleRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Dossier>(dossier =>
        {
            dossier.ToTable("dossiers");
            dossier.HasKey(d => d.Id);
            dossier.HasIndex(d => d.Code).IsUnique();
            dossier.HasIndex(d => new { d.UnitCode, d.Id });
            dossier.Property(d => d.Code).HasMaxLength(40);
            dossier.Property(d => d.UnitCode).HasMaxLength(13);
            dossier.Property(d => d.ProcedureCode).HasMaxLength(20);
            dossier.Property(d => d.ApplicantName).HasMaxLength(200);
            dossier.Property(d => d.Channel).HasConversion<string>().HasMaxLength(10);
            dossier.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            dossier.Ignore(d => d.IsOpen);
        });

        modelBuilder.Entity<CalendarScheduleRecord>(schedule =>
        {
            schedule.ToTable("calendar_schedules");
            schedule.HasKey(s => s.Year);
            schedule.Property(s => s.Year).ValueGeneratedNever();
            schedule.Property(s => s.ReplacedBy).HasMaxLength(200);
        });
    }
}
