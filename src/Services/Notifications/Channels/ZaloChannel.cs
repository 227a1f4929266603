using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Channels;

/// <summary>
/// Zalo Notification Service: <c>POST /message/template</c> with the Official Account's <c>access_token</c> header,
/// the phone in international form, the template Zalo approved for the notice's kind and its values, the notice's id
/// as <c>tracking_id</c>; <c>error</c> 0 for taken. A phone with no Zalo account (or one that cannot receive) is refused
/// for good; other errors are tried again.
/// </summary>
public sealed class ZaloChannel(IHttpClientFactory http, IOptions<NotificationsOptions> options) : INoticeChannel
{
    public const string HttpClientName = "zalo";

    /// <summary>Zalo's answers meaning the phone cannot get ZNS at all (invalid, no Zalo account, not reachable).</summary>
    private static readonly int[] Unreachable = [-108, -118, -119];

    public string Name => NoticeChannels.Zalo;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingNotice> notices, CancellationToken cancellationToken)
    {
        var zalo = options.Value.Zalo;
        if (zalo.Endpoint is null)
        {
            return SendOutcome.All(notices.Count, SendOutcome.GiveUp("Chưa cấu hình Zalo ZNS / Zalo ZNS is not configured (Notifications:Zalo:Endpoint)."));
        }

        var client = http.CreateClient(HttpClientName);
        var outcomes = new List<SendOutcome>(notices.Count);
        foreach (var notice in notices)
        {
            if (!zalo.Templates.TryGetValue(notice.Kind, out var templateId))
            {
                outcomes.Add(SendOutcome.GiveUp($"Không có mẫu ZNS cho '{notice.Kind}' / no ZNS template is registered for '{notice.Kind}' (Notifications:Zalo:Templates)."));
                continue;
            }

            var values = (notice.Fields is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(notice.Fields)) ?? [];
            var body = new ZnsRequest(PhoneNumbers.International(notice.Address), templateId,
                values, notice.Id.ToString());
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, zalo.Endpoint) { Content = JsonContent.Create(body) };
                request.Headers.Add("access_token", zalo.AccessToken ?? "");
                using var response = await client.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    outcomes.Add(SendOutcome.TryAgain($"Zalo HTTP {(int)response.StatusCode}"));
                    continue;
                }

                var answer = await response.Content.ReadFromJsonAsync<ZnsResponse>(cancellationToken);
                outcomes.Add(answer switch
                {
                    { Error: 0 } => SendOutcome.Taken(answer.Data?.MessageId),
                    { Error: var error } when Unreachable.Contains(error) => SendOutcome.GiveUp($"Zalo {error}: {answer.Message}"),
                    _ => SendOutcome.TryAgain($"Zalo {answer?.Error}: {answer?.Message}"),
                });
            }
            catch (Exception ex)
            {
                // Unreachable, timed out, an answer that does not parse: this one is tried again, the next ones go on.
                outcomes.Add(SendOutcome.TryAgain($"Zalo: {ex.Message}"));
            }
        }

        return outcomes;
    }

    public sealed record ZnsRequest(
        [property: JsonPropertyName("phone")] string Phone,
        [property: JsonPropertyName("template_id")] string TemplateId,
        [property: JsonPropertyName("template_data")] Dictionary<string, string> TemplateData,
        [property: JsonPropertyName("tracking_id")] string TrackingId);

    public sealed record ZnsResponse(
        [property: JsonPropertyName("error")] int Error,
        [property: JsonPropertyName("message")] string? Message,
        [property: JsonPropertyName("data")] ZnsData? Data);

    public sealed record ZnsData([property: JsonPropertyName("msg_id")] string? MessageId);
}
