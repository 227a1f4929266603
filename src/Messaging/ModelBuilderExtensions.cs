using Microsoft.EntityFrameworkCore;

namespace Tthc.Messaging;

public static class ModelBuilderExtensions
{
    /// <summary>Adds the <c>outbox_messages</c> table to a publishing service's model.</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(m => m.EventId).IsUnique();
            outbox.HasIndex(m => new { m.Status, m.Sequence });
            outbox.Property(m => m.EventId).HasMaxLength(64);
            outbox.Property(m => m.Topic).HasMaxLength(100);
            outbox.Property(m => m.Type).HasMaxLength(200);
            outbox.Property(m => m.Subject).HasMaxLength(100);
            outbox.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            outbox.Property(m => m.TraceParent).HasMaxLength(100);
        });
        return modelBuilder;
    }

    /// <summary>Adds the <c>inbox_messages</c> table to a subscribing service's model.</summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => m.EventId);
            inbox.Property(m => m.EventId).HasMaxLength(64);
            inbox.Property(m => m.Type).HasMaxLength(200);
        });
        return modelBuilder;
    }
}
