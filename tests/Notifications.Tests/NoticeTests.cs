using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Notifications.Domain;
using Tthc.Notifications.Workers;
using Tthc.Tests;

namespace Tthc.Notifications.Tests;

public sealed class NoticeTests
{
    [Fact]
    public async Task The_receipt_goes_by_email_in_vietnamese_with_the_code_the_appointment_and_a_working_lookup_link()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email"]);

        await factory.DeliverAsync(contact);
        await factory.DeliverAsync(contact); // redelivered: still one notice
        await factory.DispatchAsync();

        var (to, mail) = Assert.Single(factory.Smtp.Received);
        Assert.Equal(["an.nguyen@example.vn"], to);
        Assert.Equal($"Đã tiếp nhận hồ sơ {contact.CaseCode}", mail.Subject);
        var text = mail.TextBody;
        Assert.Contains("Kính gửi Ông/Bà Nguyễn Văn An", text);
        Assert.Contains("Cấp giấy phép xây dựng nhà ở riêng lẻ", text);
        Assert.Contains("Hẹn trả kết quả: 10:30 ngày 15/12/2026", text);
        Assert.Contains($"https://motcua.daklak.gov.vn/public/cases/{contact.CaseCode}?secret=7KQ2M-XD94T", text);
        Assert.Contains("https://motcua.daklak.gov.vn/public/notifications/opt-out?code=", text);
        Assert.Equal("Bộ phận Một cửa", ((MailboxAddress)mail.From[0]).Name);
        // The same text as HTML beside it, links clickable.
        Assert.Contains($"<a href=\"https://motcua.daklak.gov.vn/public/cases/{contact.CaseCode}?secret=7KQ2M-XD94T\">", mail.HtmlBody);

        var notice = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((NoticeStatus.Sent, 1, "receipt"), (notice.Status, notice.Attempts, notice.Kind));
        Assert.Null(notice.Body); // the text, with its secret, is not kept once sent
        Assert.Contains("vn.tthc.notification.sent.v1", await factory.OutboxTypesAsync(contact.CaseCode));

        // Officers of the receiving and of the deciding unit see it, masked; another unit sees nothing.
        var seen = Assert.Single((await factory.ListAsync(contact.CaseCode)).EnumerateArray());
        Assert.Equal(("sent", "a***@example.vn", "email"), (seen.GetProperty("status").GetString(), seen.GetProperty("to").GetString(), seen.GetProperty("channel").GetString()));
        Assert.Single((await factory.ListAsync(contact.CaseCode, unit: NotificationsFactory.DecidingUnit)).EnumerateArray());
        Assert.Empty((await factory.ListAsync(contact.CaseCode, unit: NotificationsFactory.OtherUnit)).EnumerateArray());
    }

    [Fact]
    public async Task A_supplement_request_lists_everything_missing_in_one_notice_per_channel_and_sms_follows_the_gateways_request()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email", "sms"]);
        await factory.DeliverAsync(contact);
        await factory.DispatchAsync();
        factory.Smtp.Received.Clear();
        factory.Sms.Requests.Clear();

        await factory.DeliverAsync(new CaseSupplementRequested
        {
            OccurredAt = NotificationsFactory.Now.AddDays(2), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit,
            Missing = ["Bản vẽ thiết kế xây dựng", "Giấy chứng nhận quyền sử dụng đất (bản sao có chứng thực)"],
        });
        await factory.DispatchAsync();

        var (_, mail) = Assert.Single(factory.Smtp.Received);
        Assert.Equal($"Hồ sơ {contact.CaseCode} cần bổ sung, hoàn thiện", mail.Subject);
        Assert.Contains("  - Bản vẽ thiết kế xây dựng\n  - Giấy chứng nhận quyền sử dụng đất (bản sao có chứng thực)", mail.TextBody!.ReplaceLineEndings("\n"));

        // eSMS's SendMultipleMessage_V4_post_json: keys, brandname, customer care (2), no Unicode: no diacritics.
        var (request, body) = Assert.Single(factory.Sms.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://sms.test/MainService.svc/json/SendMultipleMessage_V4_post_json/", request.RequestUri!.ToString());
        Assert.Equal(("api-key", "secret-key", "0905123456", "MOTCUA DAKLAK", "2", "0"), (
            body.GetProperty("ApiKey").GetString(), body.GetProperty("SecretKey").GetString(), body.GetProperty("Phone").GetString(),
            body.GetProperty("Brandname").GetString(), body.GetProperty("SmsType").GetString(), body.GetProperty("IsUnicode").GetString()));
        Assert.Equal($"Ho so {contact.CaseCode} can bo sung: Ban ve thiet ke xay dung; Giay chung nhan quyen su dung dat (ban sao co chung thuc). Chi tiet tai Trung tam Phuc vu hanh chinh cong tinh.",
            body.GetProperty("Content").GetString());
        var notices = await factory.NoticesAsync(contact.CaseCode);
        var sms = Assert.Single(notices, n => n.Kind == NoticeKinds.SupplementRequested && n.Channel == "sms");
        Assert.Equal((sms.Id.ToString(), "sms-1"), (body.GetProperty("RequestId").GetString(), sms.ProviderMessageId));
        Assert.Equal(4, notices.Count(n => n.Status == NoticeStatus.Sent));
    }

    [Fact]
    public async Task A_failing_sms_gateway_is_tried_again_with_growing_waits_then_dead_lettered_and_an_officer_can_send_it_again()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        factory.Sms.Answer = """{"CodeResult":"99","ErrorMessage":"Unknown error"}""";
        var contact = factory.Contact(["sms"]);
        await factory.DeliverAsync(contact);

        await factory.DispatchAsync();
        var first = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((NoticeStatus.Queued, 1, NotificationsFactory.Now.AddSeconds(30)), (first.Status, first.Attempts, first.NextAttemptAt));
        Assert.Contains("CodeResult 99", first.LastError);

        // Not before its time; then the second attempt, and a wait twice as long.
        factory.Clock.Advance(TimeSpan.FromSeconds(29));
        await factory.DispatchAsync();
        Assert.Single(factory.Sms.Requests);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        await factory.DispatchAsync();
        var second = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((2, factory.Clock.GetUtcNow().AddSeconds(60)), (second.Attempts, second.NextAttemptAt));

        // The provider down (HTTP 503) is a failure like another; the third is the last (Notifications:MaxAttempts 3).
        factory.Sms.Status = HttpStatusCode.ServiceUnavailable;
        factory.Clock.Advance(TimeSpan.FromSeconds(60));
        await factory.DispatchAsync();
        var dead = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((NoticeStatus.Failed, 3, (DateTimeOffset?)null), (dead.Status, dead.Attempts, dead.NextAttemptAt));
        Assert.Equal("SMS gateway HTTP 503", dead.LastError);
        Assert.Equal(3, factory.Sms.Requests.Count);
        Assert.Contains("vn.tthc.notification.failed.v1", await factory.OutboxTypesAsync(contact.CaseCode));

        var letters = await factory.CreateClient().WithToken("officer", NotificationsFactory.Unit).GetFromJsonAsync<JsonElement>("/api/notifications/dead-letters");
        Assert.Equal(dead.Id.ToString(), Assert.Single(letters.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await factory.CreateClient().WithToken("officer", NotificationsFactory.OtherUnit)
            .GetFromJsonAsync<JsonElement>("/api/notifications/dead-letters")).EnumerateArray());

        // The gateway mended, an officer sends it again.
        (factory.Sms.Status, factory.Sms.Answer) = (HttpStatusCode.OK, """{"CodeResult":"100","SMSID":"sms-9"}""");
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().WithToken("officer", NotificationsFactory.OtherUnit)
            .PostAsync($"/api/notifications/{dead.Id}/retry", null)).StatusCode);
        var retried = await factory.CreateClient().WithToken("officer", NotificationsFactory.Unit).PostAsync($"/api/notifications/{dead.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await factory.DispatchAsync();
        var sent = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((NoticeStatus.Sent, "sms-9"), (sent.Status, sent.ProviderMessageId));
        Assert.Equal(HttpStatusCode.Conflict, (await factory.CreateClient().WithToken("officer", NotificationsFactory.Unit)
            .PostAsync($"/api/notifications/{dead.Id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Zalo_gets_the_zns_request_and_a_phone_without_zalo_is_given_up_at_once()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["zalo"], email: null);
        await factory.DeliverAsync(contact);
        await factory.DispatchAsync();

        var (request, body) = Assert.Single(factory.Zalo.Requests);
        Assert.Equal("oa-access-token", Assert.Single(request.Headers.GetValues("access_token")));
        Assert.Equal(("84905123456", "401001"), (body.GetProperty("phone").GetString(), body.GetProperty("template_id").GetString()));
        var data = body.GetProperty("template_data");
        Assert.Equal((contact.CaseCode, "10:30 ngày 15/12/2026"), (data.GetProperty("code").GetString(), data.GetProperty("dueAt").GetString()));
        Assert.False(data.TryGetProperty("lookupUrl", out _)); // no secret leaves in template values
        var notice = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((notice.Id.ToString(), NoticeStatus.Sent, "zns-1"), (body.GetProperty("tracking_id").GetString(), notice.Status, notice.ProviderMessageId));

        // -118: the phone has no Zalo account; retrying changes nothing.
        factory.Zalo.Answer = """{"error":-118,"message":"Zalo account not existed"}""";
        await factory.DeliverAsync(new ApologyIssued
        {
            OccurredAt = NotificationsFactory.Now.AddDays(10), ApologyId = Guid.CreateVersion7(), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.DecidingUnit,
            Number = "07/PXL", NewAppointmentDate = new DateOnly(2026, 12, 22), IssuedLate = false, Reason = "Chờ ý kiến của Sở Tài nguyên và Môi trường.",
            UnitName = "UBND huyện Krông Ana",
        });
        await factory.DispatchAsync();
        var apology = Assert.Single(await factory.NoticesAsync(contact.CaseCode), n => n.Kind == NoticeKinds.ApologyIssued);
        Assert.Equal((NoticeStatus.Failed, 1), (apology.Status, apology.Attempts));
        Assert.Contains("-118", apology.LastError);
        Assert.Equal("22/12/2026", factory.Zalo.Requests.Last().Body.GetProperty("template_data").GetProperty("newDate").GetString());
    }

    [Fact]
    public async Task A_zalo_error_that_may_pass_is_tried_again_then_dead_lettered()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        factory.Zalo.Answer = """{"error":-124,"message":"Access token is invalid"}""";
        var contact = factory.Contact(["zalo"], email: null);
        await factory.DeliverAsync(contact);

        foreach (var wait in new[] { 0, 30, 60 })
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(wait));
            await factory.DispatchAsync();
        }

        var dead = Assert.Single(await factory.NoticesAsync(contact.CaseCode));
        Assert.Equal((NoticeStatus.Failed, 3, 3), (dead.Status, dead.Attempts, factory.Zalo.Requests.Count));
        Assert.Equal("Zalo -124: Access token is invalid", dead.LastError);
        Assert.Contains("vn.tthc.notification.failed.v1", await factory.OutboxTypesAsync(contact.CaseCode));
    }

    [Fact]
    public async Task An_apology_asked_for_by_an_officer_goes_on_that_channel_or_is_refused_and_told_back()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact([], phone: null); // nothing chosen: told nothing unasked
        await factory.DeliverAsync(contact);
        await factory.DispatchAsync();
        Assert.Empty(factory.Smtp.Received);

        var apologyId = Guid.CreateVersion7();
        ApologyDeliveryRequested Ask(string channel) => new()
        {
            OccurredAt = NotificationsFactory.Now.AddDays(10), ApologyId = apologyId, CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.DecidingUnit,
            Channel = channel, Number = "07/PXL", NewAppointmentDate = new DateOnly(2026, 12, 22), Reason = "Chờ ý kiến của Sở Tài nguyên và Môi trường.",
            UnitName = "UBND huyện Krông Ana", RequestedBy = "officer-1",
        };
        await factory.DeliverAsync(Ask("email"));
        await factory.DeliverAsync(Ask("sms"));
        await factory.DispatchAsync();

        var (_, mail) = Assert.Single(factory.Smtp.Received);
        Assert.Equal($"Phiếu xin lỗi và hẹn lại ngày trả kết quả hồ sơ {contact.CaseCode}", mail.Subject);
        Assert.Contains("UBND huyện Krông Ana thành thật xin lỗi", mail.TextBody);
        Assert.Contains("Ngày hẹn trả kết quả mới: 22/12/2026", mail.TextBody);
        Assert.Contains($"https://motcua.daklak.gov.vn/public/apologies/{contact.CaseCode}/document.docx?secret=7KQ2M-XD94T", mail.TextBody);
        var notices = await factory.NoticesAsync(contact.CaseCode);
        var email = Assert.Single(notices, n => n.Channel == "email");
        Assert.Equal((NoticeStatus.Sent, apologyId), (email.Status, email.ApologyId));
        var sms = Assert.Single(notices, n => n.Channel == "sms");
        Assert.Equal(NoticeStatus.Failed, sms.Status);
        Assert.Contains("no phone number", sms.LastError);
        var told = await factory.OutboxTypesAsync(contact.CaseCode);
        Assert.Contains("vn.tthc.notification.sent.v1", told);
        Assert.Contains("vn.tthc.notification.failed.v1", told);
    }

    [Fact]
    public async Task The_opt_out_link_asks_first_then_stops_every_further_notice()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email", "sms"]);
        await factory.DeliverAsync(contact);
        await factory.DispatchAsync();
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(Assert.Single(factory.Smtp.Received).Message.TextBody!, @"https://\S+opt-out\S+").Value);
        var client = factory.CreateClient();

        var page = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Ngừng nhận thông báo", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/public/notifications/opt-out?code={contact.CaseCode}&token=AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/public/notifications/opt-out", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["code"] = contact.CaseCode, ["token"] = "wrong" }))).StatusCode);
        var noBoundary = new StringContent("--x\r\n", System.Text.Encoding.UTF8);
        noBoundary.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/public/notifications/opt-out", noBoundary)).StatusCode);

        // Queued before the opt-out, not yet sent when it comes: withheld.
        await factory.DeliverAsync(new CaseRefused
        {
            OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "x",
        });
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        var stopped = await client.PostAsync("/public/notifications/opt-out", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["code"] = query["code"]!, ["token"] = query["token"]! }));
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);

        await factory.DeliverAsync(new CaseDecided
        {
            OccurredAt = NotificationsFactory.Now.AddDays(5), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit,
            ResponsibleUnitCode = NotificationsFactory.DecidingUnit, DecidedAt = NotificationsFactory.Now.AddDays(5), DueAt = contact.DueAt,
            Timeliness = Timeliness.Early, WorkingDaysLate = 0,
        });
        await factory.DispatchAsync();
        Assert.Single(factory.Smtp.Received);
        var notices = await factory.NoticesAsync(contact.CaseCode);
        Assert.Equal(2, notices.Count(n => n.Kind == NoticeKinds.Receipt && n.Status == NoticeStatus.Sent));
        Assert.DoesNotContain(notices, n => n.Kind == NoticeKinds.ResultReady);
        var withheld = notices.Where(n => n.Kind == NoticeKinds.Refused).ToList();
        Assert.Equal(2, withheld.Count);
        Assert.All(withheld, n => Assert.Equal((NoticeStatus.Failed, 0, NoticeDispatcher.OptedOut), (n.Status, n.Attempts, n.LastError)));
    }

    [Fact]
    public async Task An_imported_dossiers_past_is_told_to_nobody_and_its_next_steps_are()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var imported = factory.Contact(["email"]) with
        {
            ReceivedAt = NotificationsFactory.Now.AddDays(-60), DueAt = NotificationsFactory.Now.AddDays(-50), NotifyFrom = NotificationsFactory.Now,
        };
        await factory.DeliverAsync(imported);
        await factory.DeliverAsync(new CaseRefused
        {
            OccurredAt = NotificationsFactory.Now.AddDays(-55), CaseCode = imported.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "in the old system",
        });
        await factory.DispatchAsync();
        Assert.Empty(await factory.NoticesAsync(imported.CaseCode));

        await factory.DeliverAsync(new CaseSupplementReceived
        {
            OccurredAt = NotificationsFactory.Now.AddHours(1), CaseCode = imported.CaseCode, UnitCode = NotificationsFactory.Unit,
            DueAt = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero),
        });
        await factory.DispatchAsync();
        var (_, mail) = Assert.Single(factory.Smtp.Received);
        Assert.Equal($"Hồ sơ {imported.CaseCode} đã đủ, hẹn trả kết quả mới 16:00 ngày 08/12/2026", mail.Subject);
    }

    [Fact]
    public async Task A_replaced_lookup_secret_is_the_one_the_next_notices_link_with()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email"]);
        await factory.DeliverAsync(contact);
        Assert.DoesNotContain("7KQ2M-XD94T", Assert.Single(await factory.NoticesAsync(contact.CaseCode)).Body); // no secret at rest
        await factory.DeliverAsync(new CaseLookupSecretReplaced { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = contact.CaseCode, LookupSecret = "9ZZZZ-A1B2C" });
        await factory.DeliverAsync(new CaseDecided
        {
            OccurredAt = NotificationsFactory.Now.AddDays(5), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit,
            ResponsibleUnitCode = NotificationsFactory.DecidingUnit, DecidedAt = NotificationsFactory.Now.AddDays(5), DueAt = contact.DueAt,
            Timeliness = Timeliness.Early, WorkingDaysLate = 0,
        });
        await factory.DispatchAsync();

        var decided = factory.Smtp.Received.Select(r => r.Message).Single(m => m.Subject == $"Hồ sơ {contact.CaseCode} đã có kết quả");
        Assert.Contains("đã có kết quả trước hẹn", decided.TextBody);
        Assert.Contains($"/public/cases/{contact.CaseCode}?secret=9ZZZZ-A1B2C", decided.TextBody);
        // The receipt, queued before the secret changed and sent after, links with the new one too.
        var receipt = factory.Smtp.Received.Select(r => r.Message).Single(m => m.Subject == $"Đã tiếp nhận hồ sơ {contact.CaseCode}");
        Assert.Contains($"/public/cases/{contact.CaseCode}?secret=9ZZZZ-A1B2C", receipt.TextBody);
        Assert.DoesNotContain("7KQ2M-XD94T", receipt.TextBody);
    }

    [Fact]
    public async Task A_batch_of_contacts_and_of_steps_finds_each_recipient_known_or_new()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var known = factory.Contact(["email"]);
        await factory.DeliverAsync(known);
        var (first, second) = (factory.Contact(["email"]), factory.Contact([]));

        await factory.DeliverBatchAsync(first, second);
        await factory.DeliverBatchAsync(
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = known.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "a" },
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = first.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "b" },
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = "000.00.15.H15-261201-9999", UnitCode = NotificationsFactory.Unit, Reason = "c" });
        await factory.DispatchAsync();

        Assert.Equal(2, (await factory.NoticesAsync(known.CaseCode)).Count);
        Assert.Equal(2, (await factory.NoticesAsync(first.CaseCode)).Count);
        Assert.Empty(await factory.NoticesAsync(second.CaseCode)); // chose nothing
        Assert.Equal(4, factory.Smtp.Received.Count);
    }

    [Fact]
    public async Task A_step_without_a_code_from_a_faulty_sender_is_taken_with_nothing_to_tell()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email"]);
        await factory.DeliverAsync(contact);

        await factory.DeliverBatchAsync(
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = null!, UnitCode = NotificationsFactory.Unit, Reason = "a" },
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "b" });
        await factory.DispatchAsync();

        Assert.Equal(2, (await factory.NoticesAsync(contact.CaseCode)).Count);
    }

    [Fact]
    public async Task A_contact_given_twice_and_a_step_in_the_same_batch_make_one_recipient_and_its_notices()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var contact = factory.Contact(["email"]);
        var again = contact with { Id = Guid.NewGuid() }; // sent twice by its producer: a new event, the same dossier

        await factory.DeliverBatchAsync(contact, again,
            new CaseRefused { OccurredAt = NotificationsFactory.Now.AddDays(1), CaseCode = contact.CaseCode, UnitCode = NotificationsFactory.Unit, Reason = "a" });
        await factory.DispatchAsync();

        Assert.Equal(["receipt", "refused"], (await factory.NoticesAsync(contact.CaseCode)).Select(n => n.Kind).Order());
        Assert.Equal(2, factory.Smtp.Received.Count);
    }

    [Fact]
    public async Task A_mail_server_that_says_later_is_tried_again_and_one_that_says_never_is_not()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        factory.Smtp.RejectRecipients = 451;
        var later = factory.Contact(["email"]);
        await factory.DeliverAsync(later);
        await factory.DispatchAsync();
        var waiting = Assert.Single(await factory.NoticesAsync(later.CaseCode));
        Assert.Equal((NoticeStatus.Queued, 1), (waiting.Status, waiting.Attempts));

        factory.Smtp.RejectRecipients = 550;
        var never = factory.Contact(["email"], email: "khong.co@example.vn");
        await factory.DeliverAsync(never);
        await factory.DispatchAsync();
        var refused = Assert.Single(await factory.NoticesAsync(never.CaseCode));
        Assert.Equal((NoticeStatus.Failed, 1), (refused.Status, refused.Attempts));
        Assert.Contains("SMTP 550", refused.LastError);
        Assert.DoesNotContain("khong.co@example.vn", refused.LastError); // the server's quote of the address, masked
        Assert.Contains("k***@example.vn", refused.LastError);
        Assert.Contains("5.1.1", refused.LastError); // the server's code stays readable

        factory.Smtp.RejectRecipients = null;
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await factory.DispatchAsync();
        Assert.Equal(NoticeStatus.Sent, Assert.Single(await factory.NoticesAsync(later.CaseCode)).Status);
    }

    [Fact]
    public async Task Notices_need_a_code_and_a_staff_token()
    {
        await using var factory = await new NotificationsFactory().StartAsync();
        var officer = factory.CreateClient().WithToken("officer", NotificationsFactory.Unit);

        var missing = await officer.GetAsync("/api/notifications");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.GetAsync("/api/notifications/dead-letters?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/notifications?caseCode=x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().WithToken("citizen").GetAsync("/api/notifications?caseCode=x")).StatusCode);
    }
}

public sealed class TemplateTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "Templates");

    [Fact]
    public void Every_shipped_template_fills_every_value_it_asks_for()
    {
        var templates = new NoticeTemplates(Shipped, overrides: null);
        foreach (var kind in NoticeKinds.All)
        {
            var fields = new[] { "code", "addressee", "topic", "unitName", "lookupUrl", "optOutUrl" }.Concat(NoticeTemplates.Offered[kind])
                .ToDictionary(n => n, n => $"<{n}>");
            foreach (var channel in NoticeChannels.All)
            {
                var notice = templates.Render(kind, channel, fields);
                Assert.DoesNotContain("{{", notice.Title + notice.Body);
                Assert.Contains("<code>", notice.Title + notice.Body);
            }
        }
    }

    [Fact]
    public void A_provinces_template_asking_for_a_value_its_notice_does_not_offer_stops_the_service_with_the_reason()
    {
        var overrides = Directory.CreateTempSubdirectory("tthc-templates").FullName;
        try
        {
            File.WriteAllText(Path.Combine(overrides, "receipt.sms.txt"), "Ho so {{code}} hen tra {{newDate}}");
            File.WriteAllText(Path.Combine(overrides, "refused.email.txt"), "Hồ sơ {{code}} bị từ chối");

            var error = Assert.Throws<InvalidOperationException>(() => new NoticeTemplates(Shipped, overrides));

            Assert.Contains("receipt.sms.txt: {{newDate}} not offered by this notice", error.Message);
            Assert.Contains("refused.email.txt: an email template begins with a line 'Subject: …'", error.Message);
        }
        finally
        {
            Directory.Delete(overrides, recursive: true);
        }
    }

    [Fact]
    public void A_value_that_looks_like_a_placeholder_goes_in_as_it_is()
    {
        var notice = new NoticeTemplates(Shipped, null).Render(NoticeKinds.Refused, "sms", new Dictionary<string, string>
        {
            ["code"] = "X", ["reason"] = "{{lookupUrl}}", ["lookupUrl"] = "secret-link",
        });
        Assert.Contains("{{lookupUrl}}", notice.Body);
        Assert.DoesNotContain("secret-link", notice.Body);
    }
}
