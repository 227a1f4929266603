using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Grpc;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

/// <summary>Apologies in process, with a Cases that answers from a dictionary and a clock stopped on a Monday morning.</summary>
public sealed class ApologiesFactory : ServiceFactory<Program>
{
    public const string Unit = "000.00.15.H15";
    public const string OtherUnit = "000.00.16.H15";
    public const string OneStop = "000.00.01.H15";

    /// <summary>Monday 2 March 2026, 09:00 in Vietnam.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The clock, set to <see cref="Now"/>: the scripted dates below are written against it.</summary>
    public FakeTimeProvider Time => Clock;

    public FakeCases Cases { get; } = new();

    public ApologiesFactory() : base(Now)
    {
        ConfigureServices = services =>
        {
            services.AddScoped<ICasesClient>(_ => Cases);
        };
    }

    private int _sequence;

    /// <summary>A dossier Cases knows, received a week ago, due tomorrow afternoon, decided by <see cref="Unit"/>.</summary>
    public string NewCase(string unit = Unit, bool organisation = false)
    {
        var code = $"{OneStop}-260223-{Interlocked.Increment(ref _sequence):D4}";
        Cases.Add(new CaseFacts(
            new CaseDetails
            {
                ApplicantName = organisation ? "Công ty TNHH Xây dựng Ea Kao" : "Nguyễn Văn An",
                ApplicantIdNumber = organisation ? "6001234567" : "066090001234", ApplicantIsOrganisation = organisation,
                ApplicantAddress = "12 Lê Duẩn, Buôn Ma Thuột",
                ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ", UnitName = "Sở Xây dựng", ReceivingUnitName = "Trung tâm Phục vụ hành chính công",
                ReceivedAt = Now.AddDays(-7),
            },
            OneStop, unit, "1.009994", DueTomorrow, "InProgress", null, true, null), code);
        return code;
    }

    /// <summary>Tuesday 3 March 2026, 17:00 in Vietnam.</summary>
    public static readonly DateTimeOffset DueTomorrow = new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);

    public async Task<HttpResponseMessage> DeliverAsync(IntegrationEvent e)
    {
        var topic = EventTypes.TopicOf(e.GetType());
        var content = new StringContent(JsonSerializer.Serialize(CloudEvent.From(e, $"tthc/{topic}"), CloudEvent.Json), Encoding.UTF8, CloudEvent.MediaType);
        var response = await CreateClient().WithToken("service").PostAsync($"/events/{topic}", content); // as the relay sends it
        response.EnsureSuccessStatusCode();
        return response;
    }

    public Task DueSoonAsync(string code, string unit = Unit) => DeliverAsync(new CaseBecameDueSoon
    {
        OccurredAt = Now, CaseCode = code, UnitCode = OneStop, ResponsibleUnitCode = unit, ProcedureCode = "1.009994", DueAt = DueTomorrow,
    });

    /// <summary>A draft for a new dossier, opened by the due-soon warning, with Cases' facts fetched.</summary>
    public async Task<Apology> DraftAsync(string unit = Unit, bool organisation = false)
    {
        var code = NewCase(unit, organisation: organisation);
        await DueSoonAsync(code, unit);
        return await EventuallyAsync(code, a => a.Details is not null);
    }

    /// <summary>A draft with its reason and new date, awaiting the leader.</summary>
    public async Task<Apology> AwaitingSignatureAsync(string unit = Unit, bool organisation = false)
    {
        var draft = await DraftAsync(unit, organisation);
        var response = await CreateClient().WithToken("officer", unit).PutAsJsonAsync($"/api/apologies/{draft.Id}",
            new { reason = "Phải xin ý kiến Sở Tài nguyên và Môi trường về ranh giới thửa đất.", newAppointmentDate = "2026-03-10" });
        response.EnsureSuccessStatusCode();
        return draft;
    }

    public async Task<Apology?> FindAsync(string caseCode)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
        return await db.Apologies.AsNoTracking().Include(a => a.Deliveries).OrderByDescending(a => a.DraftedAt)
            .FirstOrDefaultAsync(a => a.CaseCode == caseCode);
    }

    /// <summary>Waits (up to 10 s) until the dossier's apology satisfies the condition; the Cases link works in the background.</summary>
    public async Task<Apology> EventuallyAsync(string caseCode, Func<Apology, bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var apology = await FindAsync(caseCode);
            if (apology is not null && condition(apology))
            {
                return apology;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"The apology of {caseCode} never reached the expected state (now: {apology?.Status}).");
            }

            await Task.Delay(50);
        }
    }

    public async Task<List<string>> OutboxTypesAsync(string caseCode)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
        return await db.Set<OutboxMessage>().Where(m => m.Subject == caseCode).OrderBy(m => m.Sequence).Select(m => m.Type).ToListAsync();
    }

    public async Task<List<OutboxMessage>> OutboxAsync(string caseCode)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
        return await db.Set<OutboxMessage>().Where(m => m.Subject == caseCode).OrderBy(m => m.Sequence).ToListAsync();
    }
}

/// <summary>Cases as a dictionary; records every reschedule it is asked for and refuses a second one, as Cases does.</summary>
public sealed class FakeCases : ICasesClient
{
    private readonly ConcurrentDictionary<string, CaseFacts> _cases = new();

    public ConcurrentQueue<(string Code, DateOnly Date, string Number)> Reschedules { get; } = new();

    public bool Unreachable { get; set; }

    public void Add(CaseFacts facts, string code) => _cases[code] = facts;

    public void Update(string code, Func<CaseFacts, CaseFacts> change) => _cases[code] = change(_cases[code]);

    public Task<CaseFacts?> GetAsync(string caseCode, CancellationToken cancellationToken) => Unreachable
        ? throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unavailable, "down"))
        : Task.FromResult(_cases.GetValueOrDefault(caseCode));

    /// <summary>Each dossier's secret is <see cref="SecretOf"/> of its code; ten wrong ones lock it, as Cases does.</summary>
    public ConcurrentDictionary<string, int> WrongSecrets { get; } = new();

    public static string SecretOf(string code) => "SECRET-" + code[^4..];

    public Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken)
    {
        if (WrongSecrets.GetValueOrDefault(caseCode) >= 10)
        {
            return Task.FromResult(new SecretAnswer(false, TimeSpan.FromMinutes(1)));
        }

        if (_cases.ContainsKey(caseCode) && secret == SecretOf(caseCode))
        {
            return Task.FromResult(new SecretAnswer(true, null));
        }

        WrongSecrets.AddOrUpdate(caseCode, 1, (_, n) => n + 1);
        return Task.FromResult(new SecretAnswer(false, null));
    }

    public Task<RescheduleOutcome> RescheduleAsync(string caseCode, DateOnly newAppointmentDate, string apologyNumber, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            throw new global::Grpc.Core.RpcException(new global::Grpc.Core.Status(global::Grpc.Core.StatusCode.Unavailable, "down"));
        }

        var facts = _cases[caseCode];
        if (facts.RescheduledTo is not null || !facts.IsOpen)
        {
            return Task.FromResult(new RescheduleOutcome(RescheduleResult.Refused, "Hồ sơ đã được hẹn lại một lần / the appointment may be moved only once."));
        }

        _cases[caseCode] = facts with { RescheduledTo = newAppointmentDate };
        Reschedules.Enqueue((caseCode, newAppointmentDate, apologyNumber));
        return Task.FromResult(new RescheduleOutcome(RescheduleResult.Done, "moved"));
    }
}
