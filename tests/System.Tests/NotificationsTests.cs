using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace Tthc.System.Tests;

/// <summary>
/// Citizens told by real mail, through the gateway: the AppHost's smtp4dev takes what Notifications sends, and the
/// test reads it back from smtp4dev's API as a developer reads it on its page — the receipt, the one notice of
/// everything missing, the signed apology with its new date and its document's link; each notice's status is "sent".
/// </summary>
[Collection(TthcAppCollection.Name)]
public sealed class NotificationsTests(TthcApp tthc)
{
    private const string District = "000.00.31.H15"; // receives and decides house construction permits (1.009994)
    private const string Department = "000.00.35.H15"; // decides 1.004462, the procedure of the imported late dossier

    [Fact]
    public async Task A_citizen_with_an_email_is_told_of_the_receipt_the_missing_papers_and_the_apology_by_real_mail()
    {
        var mailbox = $"le.thi.mai.{Guid.NewGuid():N}@example.vn";
        var officer = await tthc.GatewayAsAsync("officer", District);

        // At the counter: the applicant gives an email and asks to be told by it.
        var intake = await officer.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = District, channel = "counter",
            applicant = new { fullName = "Lê Thị Mai", email = mailbox, phone = "0905333444" },
            components = new[] { "don", "gcn-dat", "ban-ve" }, notify = new[] { "email" },
        });
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        var receipt = await intake.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        var due = receipt.GetProperty("dueAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(7));

        var (subject, text) = await MailAsync(mailbox, $"Đã tiếp nhận hồ sơ {code}");
        Assert.Contains("Kính gửi Ông/Bà Lê Thị Mai", text);
        Assert.Contains($"Hẹn trả kết quả: {due.ToString("HH':'mm 'ngày' dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)}", text);
        Assert.Contains(receipt.GetProperty("lookupUrl").GetString()!, text); // the same link as the receipt's QR code

        // Everything missing, in one notice.
        string[] missing = ["Bản vẽ mặt bằng móng có chữ ký của chủ đầu tư", "Bản sao giấy chứng nhận quyền sử dụng đất có chứng thực"];
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/cases/{code}/supplement-request", new { missing })).StatusCode);
        (_, text) = await MailAsync(mailbox, $"Hồ sơ {code} cần bổ sung, hoàn thiện");
        Assert.All(missing, m => Assert.Contains("- " + m, text));

        var notices = await Eventually.FoundAsync(async () =>
        {
            var list = await officer.GetFromJsonAsync<JsonElement>($"/api/notifications?caseCode={code}");
            return list.GetArrayLength() == 2 && list.EnumerateArray().All(n => n.GetProperty("status").GetString() == "sent") ? list : (JsonElement?)null;
        }, waitingFor: "both notices sent");
        Assert.Equal(["receipt", "supplement-requested"], notices.EnumerateArray().Select(n => n.GetProperty("kind").GetString()));
        Assert.All(notices.EnumerateArray(), n => Assert.StartsWith("l***@example.vn", n.GetProperty("to").GetString()));
        Assert.Equal(subject, notices[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_signed_apology_reaches_the_citizen_by_mail_with_the_new_date_and_the_document_and_is_recorded_as_delivered()
    {
        var mailbox = $"tran.van.hung.{Guid.NewGuid():N}@example.vn";
        // A dossier brought over from the old system, received 60 days ago, already late: its past is not mailed.
        var province = await tthc.GatewayAsAsync("province");
        var imported = await province.PostAsJsonAsync("/api/cases/import", new
        {
            procedureCode = "1.004462", unitCode = Department, channel = "counter",
            applicant = new { fullName = "Trần Văn Hùng", email = mailbox }, components = new[] { "don", "gpxd-cu" },
            receivedAt = DateTimeOffset.UtcNow.AddDays(-60), notify = new[] { "email" },
        });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var dossier = await imported.Content.ReadFromJsonAsync<JsonElement>();
        var code = dossier.GetProperty("code").GetString()!;

        var officer = await tthc.GatewayAsAsync("officer", Department);
        var draft = await Eventually.FoundAsync(async () =>
        {
            var page = await officer.GetFromJsonAsync<JsonElement>($"/api/apologies?caseCode={code}");
            return page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("procedureName").ValueKind == JsonValueKind.String)
                .Select(i => (JsonElement?)i).FirstOrDefault();
        }, waitingFor: "the draft apology");
        var id = draft.GetProperty("id").GetGuid();
        DateOnly? newDate = null;
        for (var date = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(5); newDate is null; date = date.AddDays(1))
        {
            var put = await officer.PutAsJsonAsync($"/api/apologies/{id}", new
            {
                reason = "Phải lấy ý kiến của Sở Xây dựng về quy hoạch chi tiết.", newAppointmentDate = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            newDate = put.StatusCode == HttpStatusCode.OK ? date : null; // a day off is a 422: the next one
        }

        var leader = await tthc.GatewayAsAsync("leader", Department);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync($"/api/apologies/{id}/sign", null)).StatusCode);

        var (_, text) = await MailAsync(mailbox, $"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}");
        Assert.Contains($"Ngày hẹn trả kết quả mới: {newDate!.Value.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture)}", text);
        Assert.Contains("Lý do: Phải lấy ý kiến của Sở Xây dựng về quy hoạch chi tiết.", text);
        var link = new Uri(text.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/document.docx?secret=", StringComparison.Ordinal)));
        Assert.EndsWith(dossier.GetProperty("lookupSecret").GetString()!, link.Query);
        var document = await tthc.Gateway().GetAsync(link.PathAndQuery); // the citizen's click, through the gateway
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", document.Content.Headers.ContentType?.MediaType);

        // Only the apology was mailed (not the old receipt or its past warnings), it went, and Apologies recorded it. The
        // mail server has it before Notifications records the send, a moment later.
        var notices = await Eventually.FoundAsync(async () =>
        {
            var list = await officer.GetFromJsonAsync<JsonElement>($"/api/notifications?caseCode={code}");
            return list.EnumerateArray().All(n => n.GetProperty("status").GetString() != "queued") ? list : (JsonElement?)null;
        }, waitingFor: "the notice recorded as sent");
        var notice = Assert.Single(notices.EnumerateArray());
        Assert.Equal(("apology-issued", "sent"), (notice.GetProperty("kind").GetString(), notice.GetProperty("status").GetString()));
        var delivered = await Eventually.FoundAsync(async () =>
        {
            var apology = await officer.GetFromJsonAsync<JsonElement>($"/api/apologies/{id}");
            return apology.GetProperty("deliveries").GetArrayLength() > 0 ? apology : (JsonElement?)null;
        }, waitingFor: "the delivery recorded");
        var delivery = Assert.Single(delivered.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("email", delivery.GetProperty("channel").GetString());
    }

    /// <summary>The mail with that subject smtp4dev took for that address: its subject and its text.</summary>
    private async Task<(string Subject, string Text)> MailAsync(string to, string subject)
    {
        using var mail = tthc.App.CreateHttpClient("mail", "http");
        var id = await Eventually.FoundAsync(async () =>
        {
            var messages = await mail.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500");
            return messages.GetProperty("results").EnumerateArray()
                .Where(m => m.GetProperty("to").EnumerateArray().Any(t => t.GetString() == to) && m.GetProperty("subject").GetString() == subject)
                .Select(m => (Guid?)m.GetProperty("id").GetGuid()).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), $"the mail \"{subject}\" to {to}");
        return (subject, (await mail.GetStringAsync($"/api/messages/{id}/plaintext")).ReplaceLineEndings("\n"));
    }
}
