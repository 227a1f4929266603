using Microsoft.EntityFrameworkCore;
using Tthc.Messaging;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Data;

/// <summary>
/// The service's database (SQLite by default). <see cref="PostgresNotificationsDbContext"/> is the same model on
/// PostgreSQL, with PostgreSQL's migrations; the service asks for this type and gets whichever <c>Database:Provider</c> names.
/// </summary>
public class NotificationsDbContext : DbContext
{
    public NotificationsDbContext(DbContextOptions<NotificationsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresNotificationsDbContext"/>, whose options are its own.</summary>
    protected NotificationsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Recipient> Recipients => Set<Recipient>();

    public DbSet<Notice> Notices => Set<Notice>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Recipient>(recipient =>
        {
            recipient.ToTable("recipients");
            recipient.HasKey(r => r.About);
            recipient.Property(r => r.About).HasMaxLength(40);
            recipient.Property(r => r.Subject).HasMaxLength(10);
            recipient.Property(r => r.UnitCode).HasMaxLength(13);
            recipient.Property(r => r.ResponsibleUnitCode).HasMaxLength(13);
            recipient.Property(r => r.Name).HasMaxLength(200);
            recipient.Property(r => r.Email).HasMaxLength(200);
            recipient.Property(r => r.Phone).HasMaxLength(20);
            recipient.Property(r => r.Channels).HasMaxLength(20);
            recipient.Property(r => r.ProtectedSecret).HasMaxLength(200);
            recipient.Property(r => r.Topic).HasMaxLength(500);
            recipient.Property(r => r.UnitName).HasMaxLength(300);
            recipient.Ignore(r => r.ChosenChannels);
            recipient.Ignore(r => r.Addressee);
        });

        modelBuilder.Entity<Notice>(notice =>
        {
            notice.ToTable("notices");
            notice.HasKey(n => n.Id);
            // One notice per event and channel, whatever the redeliveries.
            notice.HasIndex(n => new { n.EventId, n.Channel }).IsUnique();
            notice.HasIndex(n => new { n.About, n.CreatedAt });
            notice.HasIndex(n => n.NextAttemptAt);
            notice.HasIndex(n => new { n.Status, n.FailedAt });
            notice.HasIndex(n => n.ProviderMessageId);
            notice.Property(n => n.About).HasMaxLength(40);
            notice.Property(n => n.Kind).HasMaxLength(30);
            notice.Property(n => n.Channel).HasMaxLength(10);
            notice.Property(n => n.EventId).HasMaxLength(100);
            notice.Property(n => n.UnitCode).HasMaxLength(13);
            notice.Property(n => n.ResponsibleUnitCode).HasMaxLength(13);
            notice.Property(n => n.Address).HasMaxLength(200);
            notice.Property(n => n.Title).HasMaxLength(Notice.MaxTitleLength);
            // Text as long as the notice: everything missing, a long reason (unbounded: text on PostgreSQL).
            notice.Property(n => n.Status).IsConcurrencyToken(); // two officers sending one dead letter again: one wins
            notice.Property(n => n.Status).HasConversion<string>().HasMaxLength(10);
            notice.Property(n => n.LastError).HasMaxLength(500);
            notice.Property(n => n.ProviderMessageId).HasMaxLength(100);
        });

        // Notifications publishes notification.* events and subscribes to case.*, apology.*, feedback.* and contacts.
        modelBuilder.AddOutbox().AddInbox();
    }
}

/// <summary>
/// <see cref="NotificationsDbContext"/> on PostgreSQL: the same model, its own migrations (<c>Data/Migrations/Postgres</c>),
/// which EF Core finds by this type.
/// </summary>
public sealed class PostgresNotificationsDbContext(DbContextOptions<PostgresNotificationsDbContext> options) : NotificationsDbContext(options);
