using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Domain;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.Data;

/// <param name="gate">The database's single writer turn (see <see cref="WriteGate"/>), taken by <see cref="WriteTurnAsync"/>.</param>
public sealed class ApologiesDbContext(DbContextOptions<ApologiesDbContext> options, WriteGate gate) : DbContext(options)
{
    /// <summary>The turn to write: held from a read that a write depends on until the write is saved.</summary>
    public ValueTask<WriteGate.Releaser> WriteTurnAsync(CancellationToken cancellationToken) => gate.EnterAsync(cancellationToken);

    /// <summary>A unit's numbers for a year, started at nothing when the unit has none yet (saved with the letter).</summary>
    public async Task<ApologySequence> SequenceAsync(string unitCode, int year, CancellationToken cancellationToken)
    {
        var sequence = await Sequences.FindAsync([unitCode, year], cancellationToken);
        if (sequence is null)
        {
            sequence = new ApologySequence { UnitCode = unitCode, Year = year };
            Sequences.Add(sequence);
        }

        return sequence;
    }

    public DbSet<Apology> Apologies => Set<Apology>();

    public DbSet<ApologyDelivery> Deliveries => Set<ApologyDelivery>();

    public DbSet<ApologySequence> Sequences => Set<ApologySequence>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Apology>(apology =>
        {
            apology.ToTable("apologies");
            apology.HasKey(a => a.Id);
            // One apology per dossier that is not cancelled: a second draft for the same dossier cannot be stored.
            apology.HasIndex(a => a.CaseCode).IsUnique().HasFilter("\"Status\" <> 'Cancelled'");
            apology.HasIndex(a => new { a.UnitCode, a.Status });
            apology.HasIndex(a => new { a.UnitCode, a.NumberYear, a.Number }).IsUnique().HasFilter("\"Number\" IS NOT NULL");
            apology.HasIndex(a => new { a.UnitCode, a.PublishedAt });
            apology.HasIndex(a => a.NextLinkAt);
            apology.Property(a => a.CaseCode).HasMaxLength(40);
            apology.Property(a => a.UnitCode).HasMaxLength(13);
            apology.Property(a => a.ReceivingUnitCode).HasMaxLength(13);
            apology.Property(a => a.ProcedureCode).HasMaxLength(20);
            apology.Property(a => a.OpenedBy).HasMaxLength(20);
            apology.Property(a => a.Reason).HasMaxLength(2000);
            apology.Property(a => a.SignedBy).HasMaxLength(100);
            apology.Property(a => a.SignerName).HasMaxLength(Signer.MaxLength);
            apology.Property(a => a.SignerTitle).HasMaxLength(Signer.MaxLength);
            apology.Property(a => a.CancelReason).HasMaxLength(500);
            apology.Property(a => a.RescheduleNote).HasMaxLength(500);
            apology.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            apology.Property(a => a.Reschedule).HasConversion<string>().HasMaxLength(20);
            apology.Property(a => a.Version).IsConcurrencyToken();
            apology.Ignore(a => a.NumberText);
            apology.OwnsOne(a => a.Details, details =>
            {
                details.Property(d => d.ApplicantName).HasMaxLength(200);
                details.Property(d => d.ApplicantIdNumber).HasMaxLength(20);
                details.Property(d => d.ApplicantAddress).HasMaxLength(500);
                details.Property(d => d.ApplicantEmail).HasMaxLength(200);
                details.Property(d => d.ApplicantPhone).HasMaxLength(20);
                details.Property(d => d.ProcedureName).HasMaxLength(500);
                details.Property(d => d.UnitName).HasMaxLength(300);
                details.Property(d => d.ReceivingUnitName).HasMaxLength(300);
                details.Ignore(d => d.ApplicantInitials);
                details.Ignore(d => d.Addressee);
            });
            apology.HasMany(a => a.Deliveries).WithOne().HasForeignKey(d => d.ApologyId);
        });

        modelBuilder.Entity<ApologyDelivery>(delivery =>
        {
            delivery.ToTable("apology_deliveries");
            delivery.Property(d => d.Channel).HasMaxLength(10);
            delivery.Property(d => d.RecordedBy).HasMaxLength(100);
            delivery.Property(d => d.Note).HasMaxLength(500);
        });

        modelBuilder.Entity<ApologySequence>(sequence =>
        {
            sequence.ToTable("apology_sequences");
            sequence.HasKey(s => new { s.UnitCode, s.Year });
            sequence.Property(s => s.UnitCode).HasMaxLength(13);
        });

        // Apologies publishes apology-* events and subscribes to case-* ones.
        modelBuilder.AddOutbox().AddInbox();
    }
}
