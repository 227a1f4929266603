using Microsoft.EntityFrameworkCore;
using Tthc.Feedback.Domain;
using Tthc.Messaging;

namespace Tthc.Feedback.Data;

/// <summary>
/// The service's database (SQLite by default). <see cref="PostgresFeedbackDbContext"/> is the same model on PostgreSQL,
/// with PostgreSQL's migrations; the service asks for this type and gets whichever <c>Database:Provider</c> names.
/// </summary>
public class FeedbackDbContext : DbContext
{
    public FeedbackDbContext(DbContextOptions<FeedbackDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresFeedbackDbContext"/>, whose options are its own.</summary>
    protected FeedbackDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Petition> Petitions => Set<Petition>();

    public DbSet<PetitionHistoryEntry> PetitionHistory => Set<PetitionHistoryEntry>();

    public DbSet<Rating> Ratings => Set<Rating>();

    public DbSet<ReturnedCase> ReturnedCases => Set<ReturnedCase>();

    /// <summary>
    /// The next number of the day's petition codes, in the caller's transaction: one statement reads and moves the
    /// sequence and keeps its row locked until the transaction ends, so petitions received at once, on any replica,
    /// each get their own number, and a petition not saved gives its number back.
    /// </summary>
    public async Task<int> TakeCodeNumberAsync(string day, CancellationToken cancellationToken) =>
        (await Database.SqlQuery<int>($"""
            INSERT INTO petition_sequences ("Day", "Last") VALUES ({day}, 1)
            ON CONFLICT ("Day") DO UPDATE SET "Last" = petition_sequences."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(cancellationToken)).Single();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Petition>(petition =>
        {
            petition.ToTable("petitions");
            petition.HasKey(p => p.Id);
            petition.HasIndex(p => p.Code).IsUnique();
            petition.HasIndex(p => new { p.UnitCode, p.Status, p.ReceivedAt });
            petition.HasIndex(p => new { p.UnitCode, p.PublishedAt });
            petition.HasIndex(p => p.NextCheckAt);
            petition.Property(p => p.Code).HasMaxLength(20);
            petition.Property(p => p.SecretHash).HasMaxLength(64);
            petition.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
            petition.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            petition.Property(p => p.Channel).HasMaxLength(10);
            petition.Property(p => p.CaseCode).HasMaxLength(40);
            petition.Property(p => p.UnitCode).HasMaxLength(13);
            petition.Property(p => p.Title).HasMaxLength(300);
            petition.Property(p => p.Content).HasMaxLength(4000);
            petition.Property(p => p.SenderName).HasMaxLength(200);
            petition.Property(p => p.SenderPhone).HasMaxLength(20);
            petition.Property(p => p.SenderEmail).HasMaxLength(200);
            petition.Property(p => p.ReceivedBy).HasMaxLength(100);
            petition.Property(p => p.RefusalReason).HasMaxLength(2000);
            petition.Property(p => p.ForwardedFrom).HasMaxLength(300);
            petition.Property(p => p.Questions).HasMaxLength(2000);
            petition.Property(p => p.Answer).HasMaxLength(8000);
            petition.Property(p => p.AnsweredBy).HasMaxLength(100);
            petition.Property(p => p.WarnedStage).HasMaxLength(10);
            petition.Property(p => p.OverdueStage).HasMaxLength(10);
            petition.Property(p => p.Version).IsConcurrencyToken();
            petition.Ignore(p => p.RunningDeadline);
            petition.HasMany(p => p.History).WithOne().HasForeignKey(h => h.PetitionId);
        });

        modelBuilder.Entity<PetitionHistoryEntry>(entry =>
        {
            entry.ToTable("petition_history");
            entry.HasIndex(h => new { h.PetitionId, h.Id });
            entry.Property(h => h.Actor).HasMaxLength(100);
            entry.Property(h => h.Action).HasMaxLength(20);
            entry.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(20);
            entry.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(20);
            entry.Property(h => h.Detail).HasMaxLength(PetitionHistoryEntry.MaxDetailLength);
        });

        modelBuilder.Entity<PetitionSequence>(sequence =>
        {
            sequence.ToTable("petition_sequences");
            sequence.HasKey(s => s.Day);
            sequence.Property(s => s.Day).HasMaxLength(6);
        });

        modelBuilder.Entity<Rating>(rating =>
        {
            rating.ToTable("ratings");
            rating.HasKey(r => r.CaseCode);
            rating.HasIndex(r => new { r.UnitCode, r.RatedAt });
            rating.Property(r => r.CaseCode).HasMaxLength(40);
            rating.Property(r => r.UnitCode).HasMaxLength(13);
            rating.Property(r => r.ReceivingUnitCode).HasMaxLength(13);
            rating.Property(r => r.ProcedureCode).HasMaxLength(20);
            rating.Property(r => r.Criteria).HasMaxLength(30);
            rating.Property(r => r.Verdict).HasMaxLength(20);
            rating.Property(r => r.Channel).HasMaxLength(10);
            rating.Property(r => r.Revision).IsConcurrencyToken();
            rating.Ignore(r => r.Points);
            rating.Ignore(r => r.Total);
        });

        modelBuilder.Entity<ReturnedCase>(returned =>
        {
            returned.ToTable("returned_cases");
            returned.HasKey(r => r.CaseCode);
            returned.Property(r => r.CaseCode).HasMaxLength(40);
            returned.Property(r => r.UnitCode).HasMaxLength(13);
            returned.Property(r => r.ReceivingUnitCode).HasMaxLength(13);
            returned.Property(r => r.ProcedureCode).HasMaxLength(20);
        });

        // Feedback publishes feedback-* events and subscribes to case.returned.
        modelBuilder.AddOutbox().AddInbox();
    }
}

/// <summary>
/// <see cref="FeedbackDbContext"/> on PostgreSQL: the same model, its own migrations (<c>Data/Migrations/Postgres</c>),
/// which EF Core finds by this type.
/// </summary>
public sealed class PostgresFeedbackDbContext(DbContextOptions<PostgresFeedbackDbContext> options) : FeedbackDbContext(options);
