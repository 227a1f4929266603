using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Notifications.Channels;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;
using Tthc.Notifications.Workers;
using Tthc.Tests;

namespace Tthc.Notifications.Tests;

/// <summary>
/// The Notifications service in process: its mail server an <see cref="SmtpSink"/>, its SMS gateway and Zalo played by
/// <see cref="FakeProvider"/>s, its dispatcher driven by the test (<see cref="DispatchAsync"/>) on the fake clock.
/// </summary>
public sealed class NotificationsFactory : ServiceFactory<Program>
{
    public const string Unit = "000.00.15.H15";
    public const string OtherUnit = "000.00.16.H15";
    public const string DecidingUnit = "000.00.36.H15";

    /// <summary>Tuesday 1 December 2026, 10:00 in Vietnam.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    public SmtpSink Smtp { get; } = new();

    public FakeProvider Sms { get; } = new("""{"CodeResult":"100","CountRegenerate":0,"SMSID":"sms-1"}""");

    public FakeProvider Zalo { get; } = new("""{"error":0,"message":"Success","data":{"msg_id":"zns-1","sent_time":"1764558000000"}}""");

    public NotificationsFactory() : base(Now)
    {
        Settings["Notifications:PublicBaseUrl"] = "https://motcua.daklak.gov.vn";
        Settings["Notifications:Smtp:Host"] = "127.0.0.1";
        Settings["Notifications:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Notifications:Smtp:Security"] = "none";
        Settings["Notifications:MaxAttempts"] = "3";
        Settings["Notifications:Sms:Endpoint"] = "https://sms.test/MainService.svc/json/SendMultipleMessage_V4_post_json/";
        Settings["Notifications:Sms:ApiKey"] = "api-key";
        Settings["Notifications:Sms:SecretKey"] = "secret-key";
        Settings["Notifications:Sms:Brandname"] = "MOTCUA DAKLAK";
        Settings["Notifications:Zalo:Endpoint"] = "https://zalo.test/message/template";
        Settings["Notifications:Zalo:AccessToken"] = "oa-access-token";
        Settings["Notifications:Zalo:Templates:receipt"] = "401001";
        Settings["Notifications:Zalo:Templates:apology-issued"] = "401004";
        ConfigureServices = services =>
        {
            services.AddHttpClient(SmsChannel.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Sms);
            services.AddHttpClient(ZaloChannel.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Zalo);
        };
    }

    /// <summary>The service started, its dispatcher's own loop stopped: the test sends when it says.</summary>
    public async Task<NotificationsFactory> StartAsync()
    {
        CreateClient().Dispose();
        await Services.GetRequiredService<NoticeDispatcher>().StopAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Rounds until nothing is due at the clock's time.</summary>
    public async Task DispatchAsync()
    {
        var dispatcher = Services.GetRequiredService<NoticeDispatcher>();
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    public async Task<HttpResponseMessage> DeliverAsync(IntegrationEvent e)
    {
        var topic = EventTypes.TopicOf(e.GetType());
        var content = new StringContent(JsonSerializer.Serialize(CloudEvent.From(e, $"tthc/{topic}"), CloudEvent.Json), Encoding.UTF8, CloudEvent.MediaType);
        var response = await CreateClient().WithToken("service").PostAsync($"/events/{topic}", content);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>Several events in one delivery, as the relay batches a topic's consecutive events.</summary>
    public async Task DeliverBatchAsync(params IntegrationEvent[] events)
    {
        var topic = EventTypes.TopicOf(events[0].GetType());
        var batch = "[" + string.Join(',', events.Select(e => JsonSerializer.Serialize(CloudEvent.From(e, $"tthc/{topic}"), CloudEvent.Json))) + "]";
        var content = new StringContent(batch, Encoding.UTF8, CloudEvent.BatchMediaType);
        var response = await CreateClient().WithToken("service").PostAsync($"/events/{topic}", content);
        response.EnsureSuccessStatusCode();
    }

    public async Task<List<Notice>> NoticesAsync(string about)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Notices.AsNoTracking()
            .Where(n => n.About == about).OrderBy(n => n.CreatedAt).ThenBy(n => n.Channel).ToListAsync();
    }

    public async Task<List<string>> OutboxTypesAsync(string about)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Subject == about).OrderBy(m => m.Sequence).Select(m => m.Type).ToListAsync();
    }

    public async Task<JsonElement> ListAsync(string about, string role = "officer", string unit = Unit) =>
        await CreateClient().WithToken(role, unit).GetFromJsonAsync<JsonElement>($"/api/notifications?caseCode={Uri.EscapeDataString(about)}");

    private int _sequence;

    /// <summary>A new dossier's contact, as Cases tells it at intake.</summary>
    public CaseContactGiven Contact(string[] notify, string? email = "an.nguyen@example.vn", string? phone = "0905123456") => new()
    {
        OccurredAt = Now, CaseCode = $"{Unit}-261201-{Interlocked.Increment(ref _sequence):D4}", UnitCode = Unit, ResponsibleUnitCode = DecidingUnit,
        ApplicantName = "Nguyễn Văn An", Email = email, Phone = phone, Notify = notify, LookupSecret = "7KQ2M-XD94T",
        ProcedureName = "Cấp giấy phép xây dựng nhà ở riêng lẻ", UnitName = "Trung tâm Phục vụ hành chính công tỉnh",
        ReceivedAt = Now, DueAt = new DateTimeOffset(2026, 12, 15, 3, 30, 0, TimeSpan.Zero),
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// An SMS or Zalo provider in process: keeps each request (its headers and JSON body) and answers with
/// <see cref="Answer"/>, or with <see cref="Status"/> when that is not 200.
/// </summary>
public sealed class FakeProvider(string answer) : HttpMessageHandler
{
    public ConcurrentQueue<(HttpRequestMessage Request, JsonElement Body)> Requests { get; } = new();

    public string Answer { get; set; } = answer;

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        Requests.Enqueue((request, body));
        return new HttpResponseMessage(Status) { Content = new StringContent(Answer, Encoding.UTF8, "application/json") };
    }
}
