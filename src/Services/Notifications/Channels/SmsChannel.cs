using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Tthc.Notifications.Domain;

namespace Tthc.Notifications.Channels;

/// <summary>
/// SMS through a brandname gateway, in the request shape of eSMS.vn's <c>SendMultipleMessage_V4_post_json</c>:
/// customer-care messages (<c>SmsType</c> 2) from the registered brandname, the notice's id as <c>RequestId</c> (the
/// gateway drops a repeat), <c>CodeResult</c> 100 for taken.
/// </summary>
public sealed class SmsChannel(IHttpClientFactory http, IOptions<NotificationsOptions> options) : INoticeChannel
{
    public const string HttpClientName = "sms";

    /// <summary>The gateway's field names as it spells them (ApiKey, SMSID), not camel-cased.</summary>
    private static readonly JsonSerializerOptions AsSpelled = new();

    public string Name => NoticeChannels.Sms;

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingNotice> notices, CancellationToken cancellationToken)
    {
        var sms = options.Value.Sms;
        if (sms.Endpoint is null)
        {
            return SendOutcome.All(notices.Count, SendOutcome.GiveUp("Chưa cấu hình cổng SMS / no SMS gateway is configured (Notifications:Sms:Endpoint)."));
        }

        var client = http.CreateClient(HttpClientName);
        var outcomes = new List<SendOutcome>(notices.Count);
        foreach (var notice in notices)
        {
            var request = new EsmsRequest(sms.ApiKey ?? "", sms.SecretKey ?? "", notice.Address,
                sms.Unicode ? notice.Text : VietnameseText.WithoutDiacritics(notice.Text), sms.Brandname ?? "", "2",
                sms.Unicode ? "1" : "0", sms.Sandbox ? "1" : "0", notice.Id.ToString());
            try
            {
                using var response = await client.PostAsJsonAsync(sms.Endpoint, request, AsSpelled, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    outcomes.Add(SendOutcome.TryAgain($"SMS gateway HTTP {(int)response.StatusCode}"));
                    continue;
                }

                var answer = await response.Content.ReadFromJsonAsync<EsmsResponse>(AsSpelled, cancellationToken);
                outcomes.Add(answer?.CodeResult == "100"
                    ? SendOutcome.Taken(answer.SmsId)
                    : SendOutcome.TryAgain($"SMS gateway CodeResult {answer?.CodeResult}: {answer?.ErrorMessage}"));
            }
            catch (Exception ex)
            {
                // Unreachable, timed out, an answer that does not parse: this one is tried again, the next ones go on.
                outcomes.Add(SendOutcome.TryAgain($"SMS gateway: {ex.Message}"));
            }
        }

        return outcomes;
    }

    /// <summary>The gateway's request body, with its field names.</summary>
    public sealed record EsmsRequest(
        string ApiKey, string SecretKey, string Phone, string Content, string Brandname, string SmsType, string IsUnicode, string Sandbox, string RequestId);

    public sealed record EsmsResponse(
        string? CodeResult, [property: JsonPropertyName("SMSID")] string? SmsId, string? ErrorMessage);
}
