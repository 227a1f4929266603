extern alias ReportingService;

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Tthc.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReportingService::Tthc.Reporting.Data;
using ReportingService::Tthc.Reporting.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;

// Reporting at national scale: generate N dossiers (default 50 million) over five years for a province-sized tree of
// units, load their pre-aggregated counters (the same Contributions() the service keeps), time reports for several
// units and periods beside a naive GROUP BY over the raw rows, then time event ingestion through the real inbox.
//
//   dotnet run -c Release --project bench/Reporting.Benchmarks -- [dossiers=50000000] [naiveRows=dossiers] [events=200000] [--reuse]
//
// --reuse keeps the database a previous run generated with the same numbers (the service's new migrations are applied
// to it) and goes straight to the reports: generating 50 million dossiers takes minutes.

var reuse = args.Contains("--reuse");
args = args.Where(a => a != "--reuse").ToArray();
var dossiers = args.Length > 0 ? long.Parse(args[0]) : 50_000_000;
var naiveRows = args.Length > 1 ? long.Parse(args[1]) : dossiers;
var ingestEvents = args.Length > 2 ? int.Parse(args[2]) : 200_000;
var folder = Path.Combine(Path.GetTempPath(), "tthc-reporting-bench");
var dbPath = Path.Combine(folder, "reporting.db");
var marker = Path.Combine(folder, "generated.txt");
var generated = $"{dossiers} {naiveRows}";
reuse = reuse && File.Exists(marker) && File.ReadAllText(marker) == generated;
if (!reuse && Directory.Exists(folder))
{
    Directory.Delete(folder, recursive: true);
}

Directory.CreateDirectory(folder);
Console.WriteLine($"Reporting benchmark: {dossiers:N0} dossiers, naive table {naiveRows:N0} rows, {ingestEvents:N0} events; data in {folder}{(reuse ? " (reused)" : "")}");

var units = UnitTree.Build();
var first = new DateOnly(2021, 1, 1);
var last = new DateOnly(2025, 12, 31);
var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));

// 1. The schema, by the service's own migrations; the connection set up as the service sets it up.
var optionsBuilder = new DbContextOptionsBuilder<ReportingDbContext>();
optionsBuilder.UseTthcSqlite($"Data Source={dbPath}");
var options = optionsBuilder.Options;
await using (var db = new ReportingDbContext(options))
{
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
}

// 2. The dossiers (below), unless a previous run left them.
if (reuse)
{
    await using var db = new ReportingDbContext(options);
    await db.Database.ExecuteSqlRawAsync("ANALYZE;");
}
else
{
    await GenerateAsync();
}

// 3. Reports from the counters, beside the naive scan.
var ended = DateTimeOffset.UtcNow;
// A quarter still running: balances at 10:00 on one of its days, less the dossiers due later that day.
var midQuarter = new DateTimeOffset(2025, 11, 20, 10, 0, 0, TimeSpan.FromHours(7));
var cases = new (string Name, string? Unit, ReportPeriod Period, DateTimeOffset Now)[]
{
    ("province, official quarter", null, Period("quarter", 2025, 2), ended),
    ("province, quarter running (as of 10:00)", null, Period("quarter", 2025, 4), midQuarter),
    ("province, year 2024", null, Period("year", 2024, null), ended),
    ("department + sub-units, calendar month", units[1].Code, Period("calendar-month", 2025, 11), ended),
    ("district + communes, ytd", units.First(u => u.Kind == "district").Code, Period("ytd", 2025, 12), ended),
    ("one commune, official month", units.First(u => u.Kind == "commune").Code, Period("month", 2023, 7), ended),
};

Console.WriteLine();
Console.WriteLine($"{"report",-42} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"naive ms",10}");
await using (var db = new ReportingDbContext(options))
{
    foreach (var (name, unit, period, at) in cases)
    {
        await db.BuildReportAsync(unit, period, at, default); // warm
        var times = new List<double>();
        Report report = null!;
        for (var run = 0; run < 200; run++)
        {
            var watch = Stopwatch.StartNew();
            report = await db.BuildReportAsync(unit, period, at, default);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var naive = await Naive.TimeAsync(dbPath, units, unit, period);
        Console.WriteLine($"{name,-42} {times[times.Count / 2],8:N1} {times[times.Count * 99 / 100 - 1],8:N1} {times[^1],8:N1} {naive,10:N0}   ({report.Rows.Count} rows, {report.Total.CarriedOver + report.Total.ReceivedOnline + report.Total.ReceivedCounter + report.Total.ReceivedPostal:N0} dossiers in scope)");
    }
}

// 4. Ingestion through the real inbox (HTTP, batched CloudEvents as the direct transport sends them) into the loaded data.
Console.WriteLine();
await Ingestion.RunAsync(folder, units, ingestEvents);

// 2. Generate and aggregate (and write the raw rows the naive query scans).
async Task GenerateAsync()
{
    await using (var db = new ReportingDbContext(options))
    {
        db.Units.AddRange(units.Select(u => new ReportingUnit { Code = u.Code, Name = u.Name, Kind = u.Kind, ParentCode = u.Parent }));
        await db.SaveChangesAsync();
    }

    var clock = Stopwatch.StartNew();
    var aggregate = new Aggregate(units.Count, first, last);
    await using (var raw = new SqliteConnection($"Data Source={dbPath}"))
    {
        await raw.OpenAsync();
        await Exec(raw, "PRAGMA synchronous=OFF; CREATE TABLE raw_dossiers (unit_code TEXT NOT NULL, channel TEXT NOT NULL, received_at INTEGER NOT NULL, due_at INTEGER NOT NULL, closed_at INTEGER, outcome TEXT, timeliness TEXT, apology_at INTEGER);");
        var generator = new Generator(units, first, last, now, seed: 20261129);
        SqliteTransaction? transaction = null;
        SqliteCommand? insert = null;
        for (long i = 0; i < dossiers; i++)
        {
            var fact = generator.Next(i);
            aggregate.Add(fact, generator.UnitIndex);
            if (i < naiveRows)
            {
                if (i % 500_000 == 0)
                {
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync();
                    }

                    transaction = raw.BeginTransaction();
                    insert = raw.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO raw_dossiers VALUES ($u, $c, $r, $d, $x, $o, $t, $a)";
                    foreach (var name in new[] { "$u", "$c", "$r", "$d", "$x", "$o", "$t", "$a" })
                    {
                        insert.Parameters.Add(new SqliteParameter { ParameterName = name });
                    }
                }

                var p = insert!.Parameters;
                p[0].Value = fact.UnitCode;
                p[1].Value = fact.Channel;
                p[2].Value = fact.ReceivedAt!.Value.UtcTicks;
                p[3].Value = fact.DueAt!.Value.UtcTicks;
                p[4].Value = (object?)fact.ClosedAt?.UtcTicks ?? DBNull.Value;
                p[5].Value = (object?)fact.Outcome ?? DBNull.Value;
                p[6].Value = (object?)fact.Timeliness ?? DBNull.Value;
                p[7].Value = (object?)fact.ApologyIssuedAt?.UtcTicks ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync();
            }

            if (i > 0 && i % 10_000_000 == 0)
            {
                Console.WriteLine($"  generated {i:N0} in {clock.Elapsed.TotalSeconds:N0} s");
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }

        Console.WriteLine($"Generated {dossiers:N0} dossiers (and {Math.Min(naiveRows, dossiers):N0} raw rows) in {clock.Elapsed.TotalSeconds:N0} s");
        clock.Restart();
        var counters = await aggregate.SaveAsync(raw, units);
        Console.WriteLine($"Loaded {counters:N0} day, half-month, month and year counter rows and {aggregate.Pairs.Count:N0} late-apology pairs in {clock.Elapsed.TotalSeconds:N1} s");
        await Exec(raw, "PRAGMA synchronous=NORMAL; ANALYZE;");
    }

    await File.WriteAllTextAsync(marker, generated);
}

static ReportPeriod Period(string kind, int year, int? number) =>
    ReportPeriod.TryResolve(kind, year, number, new DateOnly(2026, 1, 1), out var period, out _) ? period : throw new InvalidOperationException(kind);

static async Task Exec(SqliteConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}

internal sealed record UnitInfo(string Code, string Name, string Kind, string? Parent);

internal static class UnitTree
{
    /// <summary>A province: 20 departments, 15 districts with 12 communes each (216 units).</summary>
    public static List<UnitInfo> Build()
    {
        var units = new List<UnitInfo> { new("000.00.00.H99", "UBND tỉnh", "province", null) };
        for (var d = 1; d <= 20; d++)
        {
            units.Add(new($"000.00.{d:D2}.H99", $"Sở số {d}", "department", "000.00.00.H99"));
        }

        for (var d = 31; d <= 45; d++)
        {
            var district = $"000.00.{d}.H99";
            units.Add(new(district, $"UBND huyện {d}", "district", "000.00.00.H99"));
            for (var c = 1; c <= 12; c++)
            {
                units.Add(new($"000.{d}.{c:D2}.H99", $"UBND xã {d}-{c}", "commune", district));
            }
        }

        return units;
    }
}

/// <summary>Dossiers with realistic proportions: most early or on time, some late, a few refused or stopped, recent ones open.</summary>
internal sealed class Generator(List<UnitInfo> units, DateOnly first, DateOnly last, DateTimeOffset now, int seed)
{
    private static readonly int[] Days = [1, 3, 5, 7, 10, 15, 20];
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly Random _random = new(seed);
    private readonly int _span = last.DayNumber - first.DayNumber + 1;

    public int UnitIndex { get; private set; }

    public DossierFact Next(long index)
    {
        // Communes receive most dossiers, departments the heavier ones.
        UnitIndex = _random.Next(units.Count);
        var unit = units[UnitIndex];
        var day = first.AddDays(_random.Next(_span));
        var received = new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 30)).AddMinutes(_random.Next(9 * 60)), Vietnam);
        var due = received.AddDays(Days[_random.Next(Days.Length)] * 1.4);
        var fact = new DossierFact
        {
            CaseCode = index.ToString(), UnitCode = unit.Code, ReceivingUnitCode = unit.Code, ProcedureCode = "1.000001",
            Channel = _random.Next(10) switch { < 4 => "online", < 9 => "counter", _ => "postal" },
            ReceivedAt = received, DueAt = due,
        };
        var roll = _random.Next(100);
        DateTimeOffset? closed = roll switch
        {
            < 55 => received + (due - received) * _random.NextDouble() * 0.8,   // early
            < 80 => due.AddHours(-_random.Next(1, 6)),                          // on time
            < 92 => due.AddDays(1 + _random.Next(20)),                          // late
            < 95 => received.AddDays(_random.Next(3)),                          // refused
            < 97 => received.AddDays(_random.Next(5)),                          // stopped
            _ => null,                                                          // still open
        };
        if (closed > now)
        {
            closed = null;
        }

        if (closed is { } c)
        {
            fact.ClosedAt = c;
            (fact.Outcome, fact.Timeliness) = roll switch
            {
                < 55 => (CaseOutcome.Decided, Timeliness.Early),
                < 80 => (CaseOutcome.Decided, Timeliness.OnTime),
                < 92 => (CaseOutcome.Decided, Timeliness.Late),
                < 95 => (CaseOutcome.Refused, (Timeliness?)null),
                _ => (CaseOutcome.Stopped, (Timeliness?)null),
            };
        }

        if (fact.BecomesOverdue && _random.Next(10) < 7)
        {
            fact.ApologyIssuedAt = due.AddDays(_random.Next(-2, 4));
            fact.ApologyIssuedLate = fact.ApologyIssuedAt > due;
        }

        return fact;
    }
}

/// <summary>The day counters of every unit, summed in memory from each fact's contributions (half-months, months and years are summed from them).</summary>
internal sealed class Aggregate(int unitCount, DateOnly first, DateOnly last)
{
    private static readonly int Columns = Enum.GetValues<Column>().Length;
    private readonly int _firstDay = first.AddDays(-10).DayNumber;
    private readonly int _days = last.DayNumber - first.DayNumber + 400;
    private readonly Dictionary<string, int> _unitIndex = [];
    private long[] _day = null!;

    public List<LateApology> Pairs { get; } = [];

    public void Add(DossierFact fact, int unitIndex)
    {
        _day ??= new long[unitCount * _days * Columns];
        _unitIndex.TryAdd(fact.UnitCode, unitIndex);
        foreach (var (_, day, column) in fact.Contributions())
        {
            var offset = Math.Clamp(day.DayNumber - _firstDay, 0, _days - 1);
            _day[(unitIndex * _days + offset) * Columns + (int)column]++;
        }

        if (fact.LateApologyPair() is { } pair)
        {
            Pairs.Add(pair);
        }
    }

    public async Task<long> SaveAsync(SqliteConnection connection, List<UnitInfo> units)
    {
        long rows = 0;
        await using var transaction = connection.BeginTransaction();
        var dayInsert = Insert(connection, transaction, "unit_day_counters", "Day");
        var halfInsert = Insert(connection, transaction, "unit_half_month_counters", "Half");
        var monthInsert = Insert(connection, transaction, "unit_month_counters", "Month");
        var yearInsert = Insert(connection, transaction, "unit_year_counters", "Year");
        for (var u = 0; u < units.Count; u++)
        {
            var halves = new SortedDictionary<DateOnly, UnitHalfMonthCounter>();
            var months = new SortedDictionary<DateOnly, UnitMonthCounter>();
            var years = new SortedDictionary<int, UnitYearCounter>();
            for (var d = 0; d < _days; d++)
            {
                var date = DateOnly.FromDayNumber(_firstDay + d);
                var offset = (u * _days + d) * Columns;
                if (!_day.AsSpan(offset, Columns).ContainsAnyExcept(0))
                {
                    continue;
                }

                var day = new UnitDayCounter { UnitCode = units[u].Code, Day = date };
                var halfKey = UnitHalfMonthCounter.HalfOf(date);
                if (!halves.TryGetValue(halfKey, out var half))
                {
                    halves[halfKey] = half = new UnitHalfMonthCounter { UnitCode = units[u].Code, Half = halfKey };
                }

                var monthKey = new DateOnly(date.Year, date.Month, 1);
                if (!months.TryGetValue(monthKey, out var month))
                {
                    months[monthKey] = month = new UnitMonthCounter { UnitCode = units[u].Code, Month = monthKey };
                }

                if (!years.TryGetValue(date.Year, out var year))
                {
                    years[date.Year] = year = new UnitYearCounter { UnitCode = units[u].Code, Year = date.Year };
                }

                for (var c = 0; c < Columns; c++)
                {
                    var value = _day[offset + c];
                    if (value != 0)
                    {
                        day.Add((Column)c, value);
                        half.Add((Column)c, value);
                        month.Add((Column)c, value);
                        year.Add((Column)c, value);
                    }
                }

                await Write(dayInsert, day, date.ToString("yyyy-MM-dd"));
                rows++;
            }

            foreach (var (key, half) in halves)
            {
                await Write(halfInsert, half, key.ToString("yyyy-MM-dd"));
                rows++;
            }

            foreach (var (key, month) in months)
            {
                await Write(monthInsert, month, key.ToString("yyyy-MM-dd"));
                rows++;
            }

            foreach (var (key, year) in years)
            {
                await Write(yearInsert, year, key);
                rows++;
            }
        }

        await using var pair = connection.CreateCommand();
        pair.Transaction = transaction;
        pair.CommandText = "INSERT INTO late_apologies (CaseCode, UnitCode, DecidedOn, ApologyOn) VALUES ($c, $u, $d, $a)";
        foreach (var p in Pairs)
        {
            pair.Parameters.Clear();
            pair.Parameters.AddWithValue("$c", p.CaseCode);
            pair.Parameters.AddWithValue("$u", p.UnitCode);
            pair.Parameters.AddWithValue("$d", p.DecidedOn.ToString("yyyy-MM-dd"));
            pair.Parameters.AddWithValue("$a", p.ApologyOn.ToString("yyyy-MM-dd"));
            await pair.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static readonly string[] Stored = Counters.StoredColumns;

    private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, string key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} (UnitCode, {key}, {string.Join(", ", Stored)}) VALUES ($unit, $key, {string.Join(", ", Stored.Select(n => "$" + n))})";
        command.Parameters.Add(new SqliteParameter { ParameterName = "$unit" });
        command.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        foreach (var name in Stored)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = "$" + name });
        }

        return command;
    }

    private static async Task Write(SqliteCommand command, Counters counter, object key)
    {
        command.Parameters[0].Value = counter.UnitCode;
        command.Parameters[1].Value = key;
        var values = counter.Values();
        for (var c = 0; c < values.Length; c++)
        {
            command.Parameters[c + 2].Value = values[c];
        }

        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The same report computed the obvious way: one GROUP BY over every raw dossier row.</summary>
internal static class Naive
{
    public static async Task<double> TimeAsync(string dbPath, List<UnitInfo> units, string? unit, ReportPeriod period)
    {
        var scope = unit is null ? null : Subtree(units, unit);
        var start = Tthc.Calendar.VietnamTime.EndOf(period.Start.AddDays(-1)).UtcTicks;
        var end = Tthc.Calendar.VietnamTime.EndOf(period.End).UtcTicks;
        await using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var filter = scope is null ? "" : $"WHERE unit_code IN ({string.Join(",", scope.Select(s => $"'{s}'"))})";
        command.CommandText = $"""
            SELECT unit_code,
              SUM(received_at < {start} AND (closed_at IS NULL OR closed_at >= {start})) AS carried_over,
              SUM(received_at >= {start} AND received_at < {end} AND channel = 'online') AS received_online,
              SUM(received_at >= {start} AND received_at < {end} AND channel = 'counter') AS received_counter,
              SUM(received_at >= {start} AND received_at < {end} AND channel = 'postal') AS received_postal,
              SUM(closed_at >= {start} AND closed_at < {end} AND outcome = 'decided' AND timeliness = 'early') AS early,
              SUM(closed_at >= {start} AND closed_at < {end} AND outcome = 'decided' AND timeliness = 'on-time') AS on_time,
              SUM(closed_at >= {start} AND closed_at < {end} AND outcome = 'decided' AND timeliness = 'late') AS late,
              SUM(received_at < {end} AND (closed_at IS NULL OR closed_at >= {end})) AS pending,
              SUM(received_at < {end} AND due_at < {end} AND (closed_at IS NULL OR closed_at >= {end})) AS pending_overdue,
              SUM(((closed_at >= {start} AND closed_at < {end} AND timeliness = 'late') OR (received_at < {end} AND due_at < {end} AND (closed_at IS NULL OR closed_at >= {end})))
                  AND apology_at < {end}) AS late_with_apology
            FROM raw_dossiers {filter} GROUP BY unit_code
            """;
        var watch = Stopwatch.StartNew();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static HashSet<string> Subtree(List<UnitInfo> units, string unit) =>
        ReportQueries.Subtree(units.Select(u => new ReportingUnit { Code = u.Code, Name = u.Name, ParentCode = u.Parent }).ToList(), unit);
}

/// <summary>Events through the service's own inbox endpoint, in the batches the direct transport sends.</summary>
internal static class Ingestion
{
    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tthc.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run from the repository.");
    }

    public static async Task RunAsync(string folder, List<UnitInfo> units, int count)
    {
        await using var factory = new WebApplicationFactory<ReportingService::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Benchmark");
            web.UseContentRoot(Path.Combine(RepositoryRoot(), "src", "Services", "Reporting"));
            web.UseSetting("TTHC_DATA_DIR", folder);
            web.UseSetting("Jwt:SigningKey", "benchmark-signing-key-0123456789-0123456789");
            web.UseSetting("Units:RefreshInterval", "01:00:00");
            // No Cases here: the unit directory's retries would fill the figures with warnings. No log output at all.
            web.ConfigureLogging(logging => logging.ClearProviders());
        });
        var client = factory.CreateClient();
        // As the relay sends them: signed with a service token (the inbox takes events from nobody else).
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
            {
                Issuer = "tthc", Audience = "tthc", Expires = DateTime.UtcNow.AddHours(1),
                Claims = new Dictionary<string, object> { ["sub"] = "service:benchmark", ["role"] = "service" },
                SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                    new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Encoding.UTF8.GetBytes("benchmark-signing-key-0123456789-0123456789")),
                    Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
            }));
        var random = new Random(7);
        var run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var events = new List<IntegrationEvent>(count);
        var day = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(7));
        for (var i = 0; events.Count < count; i++)
        {
            var unit = units[random.Next(units.Count)].Code;
            var code = $"{unit}-260105-{run}{i:D7}"; // new dossiers, also on a reused database
            var received = day.AddSeconds(i % 30000);
            events.Add(new CaseReceived
            {
                OccurredAt = received, CaseCode = code, UnitCode = unit, ResponsibleUnitCode = unit, ProcedureCode = "1.000001",
                Channel = IntakeChannel.Online, ReceivedAt = received, DueAt = received.AddDays(7),
            });
            events.Add(new CaseDecided
            {
                OccurredAt = received.AddDays(3), CaseCode = code, UnitCode = unit, ResponsibleUnitCode = unit, DecidedAt = received.AddDays(3),
                DueAt = received.AddDays(7), Timeliness = Timeliness.Early, WorkingDaysLate = 0,
            });
        }

        var batches = events.Chunk(new MessagingOptions().MaxEventsPerRequest)
            .Select(batch => JsonSerializer.Serialize(batch.Select(e => CloudEvent.From(e, "tthc/cases")), CloudEvent.Json))
            .ToList();
        var watch = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            var response = await client.PostAsync("/events/cases", new StringContent(batch, Encoding.UTF8, CloudEvent.BatchMediaType));
            response.EnsureSuccessStatusCode();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Ingestion: {events.Count:N0} events in {seconds:N1} s = {events.Count / seconds:N0} events/s (batches of {new MessagingOptions().MaxEventsPerRequest}, as the relay sends them, into the loaded database)");
    }
}
