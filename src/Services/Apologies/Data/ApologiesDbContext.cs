using Microsoft.EntityFrameworkCore;
using Tthc.Apologies.Domain;
using Tthc.Messaging;

namespace Tthc.Apologies.Data;

/// <summary>
/// The service's database (SQLite by default). <see cref="PostgresApologiesDbContext"/> is the same model on PostgreSQL, with
/// PostgreSQL's migrations; the services ask for this type and get whichever <c>Database:Provider</c> names.
/// </summary>
public class ApologiesDbContext : DbContext
{
    public ApologiesDbContext(DbContextOptions<ApologiesDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresApologiesDbContext"/>, whose options are its own.</summary>
    protected ApologiesDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Takes a number of the unit's yearly series for a letter being signed, in the caller's transaction: the next one,
    /// or <paramref name="given"/> (a letter from the old system keeps its number, and the series continues after the
    /// highest). One statement reads and moves the series, and the row stays locked until the transaction ends, so
    /// leaders signing at once, on any replica, each get their own number, and a letter not saved gives its number back.
    /// </summary>
    public async Task<int> TakeNumberAsync(string unitCode, int year, int? given, CancellationToken cancellationToken)
    {
        var taken = given is { } number
            ? Database.SqlQuery<int>($"""
                INSERT INTO apology_sequences ("UnitCode", "Year", "Last") VALUES ({unitCode}, {year}, {number})
                ON CONFLICT ("UnitCode", "Year") DO UPDATE SET "Last" =
                    CASE WHEN apology_sequences."Last" < {number} THEN {number} ELSE apology_sequences."Last" END
                RETURNING {number} AS "Value"
                """)
            : Database.SqlQuery<int>($"""
                INSERT INTO apology_sequences ("UnitCode", "Year", "Last") VALUES ({unitCode}, {year}, 1)
                ON CONFLICT ("UnitCode", "Year") DO UPDATE SET "Last" = apology_sequences."Last" + 1
                RETURNING "Last" AS "Value"
                """);
        return (await taken.ToListAsync(cancellationToken)).Single();
    }

    public DbSet<Apology> Apologies => Set<Apology>();

    public DbSet<ApologyDelivery> Deliveries => Set<ApologyDelivery>();

    public DbSet<ApologySequence> Sequences => Set<ApologySequence>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

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
            delivery.HasIndex(d => d.NoticeId).IsUnique();
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

/// <summary>
/// <see cref="ApologiesDbContext"/> on PostgreSQL: the same model, its own migrations (<c>Data/Migrations/Postgres</c>), which EF
/// Core finds by this type.
/// </summary>
public sealed class PostgresApologiesDbContext(DbContextOptions<PostgresApologiesDbContext> options) : ApologiesDbContext(options);
