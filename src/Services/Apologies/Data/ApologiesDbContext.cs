using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Domain;
using Tthc.Messaging;

namespace Tthc.Apologies.Data;

public sealed class ApologiesDbContext(DbContextOptions<ApologiesDbContext> options) : DbContext(options)
{
    public DbSet<Apology> Apologies => Set<Apology>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Apology>(apology =>
        {
            apology.ToTable("apologies");
            apology.HasKey(a => a.Id);
            apology.HasIndex(a => a.CaseCode);
            apology.HasIndex(a => new { a.UnitCode, a.Status });
            apology.Property(a => a.CaseCode).HasMaxLength(40);
            apology.Property(a => a.UnitCode).HasMaxLength(13);
            apology.Property(a => a.ProcedureCode).HasMaxLength(20);
            apology.Property(a => a.Reason).HasMaxLength(2000);
            apology.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            apology.Ignore(a => a.NumberText);
        });

        // Apologies publishes apology-* events and will subscribe to case-* ones.
        modelBuilder.AddOutbox().AddInbox();
    }
}
