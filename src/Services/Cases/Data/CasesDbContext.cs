using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tthc.Cases.Domain;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Cases.Data;

/// <summary>
/// The service's database (SQLite by default). <see cref="PostgresCasesDbContext"/> is the same model on PostgreSQL, with
/// PostgreSQL's migrations; the services ask for this type and get whichever <c>Database:Provider</c> names.
/// </summary>
public class CasesDbContext : DbContext
{
    public CasesDbContext(DbContextOptions<CasesDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresCasesDbContext"/>, whose options are its own.</summary>
    protected CasesDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Takes numbers of units' daily series — each unit-day's count of them — in the caller's transaction, and answers
    /// the last number taken of each. One statement reads and moves every series (a group of intakes spans a few
    /// unit-days): each row stays locked until the transaction ends, so writers on any replica each get their own
    /// numbers, and a group not saved gives its numbers back. Rows are taken in the order given: callers sort the
    /// unit-days, so two replicas' groups never wait on each other in a circle.
    /// </summary>
    public async Task<Dictionary<(string Unit, DateOnly Day), int>> TakeCodeNumbersAsync(
        IReadOnlyList<KeyValuePair<(string Unit, DateOnly Day), int>> counts, CancellationToken cancellationToken)
    {
        var connection = Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
        var text = new System.Text.StringBuilder("""INSERT INTO unit_day_sequences ("UnitCode", "Day", "Last") VALUES """);
        for (var i = 0; i < counts.Count; i++)
        {
            var ((unit, day), count) = counts[i];
            text.Append(i == 0 ? "" : ", ").Append($"(@u{i}, @d{i}, @c{i})");
            Parameter(command, $"@u{i}", unit);
            Parameter(command, $"@d{i}", day);
            Parameter(command, $"@c{i}", count);
        }

        text.Append("""
             ON CONFLICT ("UnitCode", "Day") DO UPDATE SET "Last" = unit_day_sequences."Last" + excluded."Last"
            RETURNING "UnitCode", "Day", "Last"
            """);
        command.CommandText = text.ToString();
        var last = new Dictionary<(string Unit, DateOnly Day), int>(counts.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last[(reader.GetString(0), reader.GetFieldValue<DateOnly>(1))] = reader.GetInt32(2);
        }

        return last;
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public DbSet<Dossier> Dossiers => Set<Dossier>();

    public DbSet<CalendarScheduleRecord> CalendarSchedules => Set<CalendarScheduleRecord>();

    public DbSet<DossierHistoryEntry> History => Set<DossierHistoryEntry>();

    public DbSet<DossierStep> Steps => Set<DossierStep>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Procedure> Procedures => Set<Procedure>();

    public DbSet<UnitDaySequence> UnitDaySequences => Set<UnitDaySequence>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<LookupGuard> LookupGuards => Set<LookupGuard>();

    public DbSet<PersonalDataRead> PersonalDataReads => Set<PersonalDataRead>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseSortableInstants();

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
            dossier.Property(d => d.ApplicantIdNumber).HasMaxLength(20);
            dossier.Property(d => d.ApplicantPhone).HasMaxLength(20);
            dossier.Property(d => d.ApplicantEmail).HasMaxLength(200);
            dossier.Property(d => d.ApplicantAddress).HasMaxLength(500);
            dossier.Property(d => d.ResponsibleUnitCode).HasMaxLength(13);
            dossier.PrimitiveCollection(d => d.Components);
            dossier.PrimitiveCollection(d => d.SupplementMissing);
            dossier.Property(d => d.Timeliness).HasConversion(CaseTermConverters.Timeliness).HasMaxLength(10);
            dossier.Property(d => d.ClosingReason).HasMaxLength(2000);
            dossier.Property(d => d.Watch).HasConversion<string>().HasMaxLength(20);
            // The watch reads only the dossiers whose moment has come: its cost follows the changes, not the backlog.
            dossier.HasIndex(d => d.NextWatchAt);
            dossier.Property(d => d.Version).IsConcurrencyToken();
            dossier.Property(d => d.HoldingUnitCode).HasMaxLength(13);
            dossier.Property(d => d.LookupSecretHash).HasMaxLength(44);
        });

        modelBuilder.Entity<PersonalDataRead>(read =>
        {
            read.ToTable("personal_data_reads");
            read.HasKey(r => r.Id);
            read.Property(r => r.DossierCode).HasMaxLength(40);
            read.Property(r => r.Actor).HasMaxLength(200);
            read.Property(r => r.Role).HasMaxLength(100);
            read.Property(r => r.ActorUnitCode).HasMaxLength(13);
            read.Property(r => r.Through).HasMaxLength(60);
            read.HasIndex(r => new { r.DossierCode, r.Id });
            read.HasIndex(r => new { r.Actor, r.Id });
        });

        modelBuilder.Entity<LookupGuard>(guard =>
        {
            guard.ToTable("lookup_guards");
            guard.HasKey(g => g.DossierCode);
            guard.Property(g => g.DossierCode).HasMaxLength(40);
        });

        modelBuilder.Entity<DossierHistoryEntry>(entry =>
        {
            entry.ToTable("dossier_history");
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => new { e.DossierCode, e.Id });
            entry.Property(e => e.DossierCode).HasMaxLength(40);
            entry.Property(e => e.Actor).HasMaxLength(200);
            entry.Property(e => e.Action).HasMaxLength(40);
            entry.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(20);
            entry.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(20);
            entry.Property(e => e.Detail).HasMaxLength(DossierHistoryEntry.MaxDetailLength);
        });

        modelBuilder.Entity<DossierStep>(step =>
        {
            step.ToTable("dossier_steps");
            step.HasKey(s => s.Id);
            step.HasIndex(s => new { s.DossierCode, s.Id });
            step.Property(s => s.DossierCode).HasMaxLength(40);
            step.Property(s => s.FromUnitCode).HasMaxLength(13);
            step.Property(s => s.ToUnitCode).HasMaxLength(13);
            step.Property(s => s.Result).HasConversion(CaseTermConverters.Timeliness).HasMaxLength(10);
        });

        modelBuilder.Entity<Unit>(unit =>
        {
            unit.ToTable("units");
            unit.HasKey(u => u.Code);
            unit.Property(u => u.Code).HasMaxLength(13);
            unit.Property(u => u.Name).HasMaxLength(300);
            unit.Property(u => u.Kind).HasMaxLength(20);
            unit.Property(u => u.ParentCode).HasMaxLength(13);
            unit.Property(u => u.OfficeHours).HasMaxLength(30);
        });

        modelBuilder.Entity<Procedure>(procedure =>
        {
            procedure.ToTable("procedures");
            procedure.HasKey(p => p.Code);
            procedure.Property(p => p.Code).HasMaxLength(20);
            procedure.Property(p => p.Name).HasMaxLength(500);
            procedure.Property(p => p.Field).HasMaxLength(200);
            procedure.Property(p => p.Level).HasMaxLength(20);
            procedure.Property(p => p.UnitCode).HasMaxLength(13);
            procedure.Property(p => p.SupplementRule).HasMaxLength(10);
            procedure.OwnsMany(p => p.Components, c => c.ToJson());
        });

        modelBuilder.Entity<UnitDaySequence>(sequence =>
        {
            sequence.ToTable("unit_day_sequences");
            sequence.HasKey(s => new { s.UnitCode, s.Day });
            sequence.Property(s => s.UnitCode).HasMaxLength(13);
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.HasKey(r => r.Key);
            record.Property(r => r.Key).HasMaxLength(300);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.DossierCode).HasMaxLength(40);
            // Old keys are forgotten by age.
            record.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.AddOutbox();

        modelBuilder.Entity<CalendarScheduleRecord>(schedule =>
        {
            schedule.ToTable("calendar_schedules");
            schedule.HasKey(s => s.Year);
            schedule.Property(s => s.Year).ValueGeneratedNever();
            schedule.Property(s => s.ReplacedBy).HasMaxLength(200);
        });
    }
}

/// <summary>
/// <see cref="CasesDbContext"/> on PostgreSQL: the same model, its own migrations (<c>Data/Migrations/Postgres</c>), which EF
/// Core finds by this type.
/// </summary>
public sealed class PostgresCasesDbContext(DbContextOptions<PostgresCasesDbContext> options) : CasesDbContext(options);
