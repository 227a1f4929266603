using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Intake through the gateway of a running app (start it first: dotnet run --project src/AppHost), as counter officers
// would: a dev token per unit, realistic bodies, N dossiers from C concurrent clients.
//   dotnet run -c Release --project bench/Intake.Load -- [dossiers=2000] [concurrency=16] [gateway=http://localhost:8088]
var total = args.Length > 0 ? int.Parse(args[0]) : 2000;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var gateway = new Uri(args.Length > 2 ? args[2] : "http://localhost:8088");

// Procedures received at the counters of five units of the sample catalogue, with their required components.
(string Unit, string Procedure, string[] Components)[] desks =
[
    ("000.00.31.H15", "1.009994", ["don", "gcn-dat", "ban-ve"]),
    ("000.31.01.H15", "2.000815", ["ban-chinh", "ban-sao"]),
    ("000.00.12.H15", "2.000488", ["to-khai", "cccd", "xac-nhan-cu-tru"]),
    ("000.00.05.H15", "2.001610", ["giay-de-nghi", "cccd"]),
    ("000.00.33.H15", "1.004203", ["don", "hop-dong", "gcn"]),
];

// HttpClient for the set-up and the check afterwards; the measured requests go through Http11Connection.
using var http = new HttpClient { BaseAddress = gateway };
var tokens = new Dictionary<string, string>();
foreach (var desk in desks)
{
    var response = await http.PostAsJsonAsync("/dev/token", new { role = "officer", unit = desk.Unit });
    response.EnsureSuccessStatusCode();
    tokens[desk.Unit] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
}

// Bodies are serialised before the clock starts: the load generator shares the two cores with the app.
var bodies = Enumerable.Range(0, total).Select(i =>
{
    var desk = desks[i % desks.Length];
    return JsonSerializer.SerializeToUtf8Bytes(new
    {
        procedureCode = desk.Procedure,
        unitCode = desk.Unit,
        channel = i % 3 == 0 ? "counter" : "postal",
        applicant = new
        {
            fullName = $"Nguyễn Văn Người Nộp {i}",
            idNumber = $"0660{i:D8}",
            phone = $"09{i % 100000000:D8}",
            email = $"nguoinop{i}@example.vn",
            address = $"{i % 300} Lê Duẩn, phường Tân Lợi, thành phố Buôn Ma Thuột, tỉnh Đắk Lắk",
        },
        components = desk.Components,
    }, JsonSerializerOptions.Web);
}).ToArray();

// Reporting's count of dossiers received today, before and after: every case.received must reach it.
var province = (await (await http.PostAsJsonAsync("/dev/token", new { role = "province" })).Content.ReadFromJsonAsync<JsonElement>())
    .GetProperty("access_token").GetString()!;
var countedBefore = await ReceivedTodayAsync();

// Each request whole, head and body, before the clock starts.
var requests = bodies.Select((body, i) => Http11Connection.Request(
    gateway.Authority, "/api/cases", tokens[desks[i % desks.Length].Unit], $"load-{Environment.ProcessId}-{i}", body)).ToArray();

// The generator's own collections would show as the app's latency: its heap (the prepared requests) is collected
// and compacted before the clock starts, and no full collection runs while it measures (workstation GC's low-latency
// mode, for the few seconds of the run).
GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
var latencyMode = System.Runtime.GCSettings.LatencyMode;
System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.LowLatency;

// The clients' connections are open before the clock starts: the run measures intake, not 64 TCP handshakes at once.
var connections = Enumerable.Range(0, concurrency).Select(_ => new Http11Connection(gateway.Host, gateway.Port)).ToArray();
await Task.WhenAll(connections.Select(c => c.ConnectAsync(CancellationToken.None)));

// The clock starts on a quiet machine: the `dotnet run` that started this generator compiles its own hot code again in
// the background for a second or so after it (tiered compilation; 0.7 s of processor time measured with `perf`, in
// the first second of a pass), and the app may still be finishing the last pass's events.
await QuietAsync();

var latencies = new double[total];
var startedAt = new double[total];
var failures = 0;
var next = -1;
var cpuBefore = CpuByProcess();
var clockStartedAt = DateTime.UtcNow;
var clock = Stopwatch.StartNew();
await Task.WhenAll(connections.Select(async connection =>
{
    await using var _ = connection;
    for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
    {
        var started = Stopwatch.GetTimestamp();
        var status = await connection.SendAsync(requests[i], CancellationToken.None);
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        startedAt[i] = clock.Elapsed.TotalMilliseconds - latencies[i];
        if (status != 201)
        {
            Interlocked.Increment(ref failures);
        }
    }
}));
clock.Stop();
System.Runtime.GCSettings.LatencyMode = latencyMode;

// Each request's start (ms after the clock started, whose UTC time is in <file>.start) and latency, for a look at
// when the slow ones came: INTAKE_TIMELINE=<file>.
if (Environment.GetEnvironmentVariable("INTAKE_TIMELINE") is { Length: > 0 } timeline)
{
    File.WriteAllLines(timeline, Enumerable.Range(0, total).Select(i => $"{startedAt[i]:F1} {latencies[i]:F1}"));
    File.WriteAllText(timeline + ".start", clockStartedAt.ToString("HH:mm:ss.fff"));
}

// The first second apart: the app goes from idle to full load in it (its subscribers start on the events at once).
var firstSecond = Enumerable.Range(0, total).Where(i => startedAt[i] < 1000).Select(i => latencies[i]).Order().ToArray();
var afterIt = Enumerable.Range(0, total).Where(i => startedAt[i] >= 1000).Select(i => latencies[i]).Order().ToArray();

Array.Sort(latencies);
Console.WriteLine($"{total:N0} dossiers through {gateway} with {concurrency} clients in {clock.Elapsed.TotalSeconds:F2} s: " +
                  $"{total / clock.Elapsed.TotalSeconds:N0} dossiers/s; p50 {latencies[total / 2]:F1} ms, p99 {latencies[(int)(total * 0.99)]:F1} ms; " +
                  $"{failures} not created");
if (firstSecond.Length > 0 && afterIt.Length > 0)
{
    Console.WriteLine($"p99 of the {firstSecond.Length:N0} sent in the first second {firstSecond[(int)(firstSecond.Length * 0.99)]:F1} ms, " +
                      $"of the {afterIt.Length:N0} after it {afterIt[(int)(afterIt.Length * 0.99)]:F1} ms");
}

var expected = countedBefore + total - failures;
var counted = countedBefore;
while (clock.Elapsed.TotalSeconds < 120 + total / 1000.0 && (counted = await ReceivedTodayAsync()) < expected)
{
    await Task.Delay(250);
}

Console.WriteLine(counted == expected
    ? $"every case.received counted by Reporting {clock.Elapsed.TotalSeconds:F2} s after the first intake"
    : $"Reporting counted {counted - countedBefore:N0} of {total - failures:N0} receipts (gave up)");

// Where the two cores went, per dossier: every process on the machine that took its share, the load generator too.
// Each process's time is taken from its own before (a process started since counts whole), then summed by name.
var cpuAfter = CpuByProcess();
var spent = cpuAfter
    .GroupBy(p => p.Value.Name, p => p.Value.Time - (cpuBefore.TryGetValue(p.Key, out var before) && before.Name == p.Value.Name ? before.Time : TimeSpan.Zero))
    .Select(g => (Name: g.Key, Ms: g.Sum(t => t.TotalMilliseconds) / total))
    .Where(p => p.Ms >= 0.005).OrderByDescending(p => p.Ms).ToList();
Console.WriteLine($"CPU per dossier, {spent.Sum(p => p.Ms):F3} ms in all: " + string.Join(", ", spent.Select(p => $"{p.Name} {p.Ms:F3}")));
return counted == expected && failures == 0 ? 0 : 1;

// Waits (at most 15 s) until the machine's processors are less than a tenth busy over a quarter of a second (Linux).
static async Task QuietAsync()
{
    if (!File.Exists("/proc/stat"))
    {
        return;
    }

    var waited = Stopwatch.StartNew();
    var (busy, all) = ProcessorTicks();
    var share = 1.0;
    while (waited.Elapsed < TimeSpan.FromSeconds(15))
    {
        await Task.Delay(250);
        var (busyNow, allNow) = ProcessorTicks();
        share = allNow > all ? (double)(busyNow - busy) / (allNow - all) : 0;
        (busy, all) = (busyNow, allNow);
        if (share < 0.1)
        {
            break;
        }
    }

    Console.WriteLine(share < 0.1
        ? $"the machine was quiet after {waited.Elapsed.TotalSeconds:F2} s"
        : $"the machine was still {share:P0} busy after {waited.Elapsed.TotalSeconds:F0} s; measuring anyway");
}

// Busy and total ticks of all processors since boot, from /proc/stat's first line: user, nice, system, idle, iowait,
// irq, softirq, steal. Busy is this machine's own work; the time the host gave to others (steal) is not.
static (long Busy, long All) ProcessorTicks()
{
    var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
        .Select(long.Parse).ToArray();
    var busy = f[0] + f[1] + f[2] + f[5] + f[6];
    return (busy, busy + f[3] + f[4] + f[7]);
}

// Processor time by process id. A kernel worker's name says what it is doing now ("kworker/u8:1-writeback"), so its
// work is counted under "kworker": keyed by name, one renamed during the run counted its whole life.
static Dictionary<int, (string Name, TimeSpan Time)> CpuByProcess()
{
    var times = new Dictionary<int, (string Name, TimeSpan Time)>();
    foreach (var process in Process.GetProcesses())
    {
        try
        {
            var name = process.Id == Environment.ProcessId ? "load generator"
                : process.ProcessName.StartsWith("kworker/", StringComparison.Ordinal) ? "kworker" : process.ProcessName;
            times[process.Id] = (name, process.TotalProcessorTime);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
        }
        finally
        {
            process.Dispose();
        }
    }

    return times;
}

async Task<long> ReceivedTodayAsync()
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/summary");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", province);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetProperty("receivedToday").GetInt64();
}
