using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Apologies.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

public sealed class WorkflowTests
{
    [Fact]
    public async Task Due_soon_opens_one_draft_with_the_forms_facts_and_overdue_adds_none()
    {
        await using var factory = new ApologiesFactory();
        var code = factory.NewCase();

        await factory.DueSoonAsync(code);
        await factory.DeliverAsync(new CaseBecameOverdue
        {
            OccurredAt = ApologiesFactory.DueTomorrow, CaseCode = code, UnitCode = ApologiesFactory.OneStop,
            ResponsibleUnitCode = ApologiesFactory.Unit, DueAt = ApologiesFactory.DueTomorrow,
        });

        var draft = await factory.EventuallyAsync(code, a => a.Details is not null);
        Assert.Equal(ApologyStatus.Draft, draft.Status);
        Assert.Equal(ApologiesFactory.Unit, draft.UnitCode);
        Assert.Equal("due-soon", draft.OpenedBy);
        Assert.Equal("Nguyễn Văn An", draft.Details!.ApplicantName);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), draft.LegalDeadline); // Monday 17:00, the day before
        Assert.Equal(["vn.tthc.apology.drafted.v1"], await factory.OutboxTypesAsync(code));
    }

    [Fact]
    public async Task Completing_a_draft_without_a_reason_and_with_a_weekend_date_is_a_422_naming_both()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit)
            .PutAsJsonAsync($"/api/apologies/{draft.Id}", new { reason = " ", newAppointmentDate = "2026-03-07" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reason", out _));
        Assert.Contains("working day after today", errors.GetProperty("newAppointmentDate")[0].GetString());
    }

    [Theory]
    [InlineData("2026-03-02")] // today
    [InlineData("2026-02-27")] // past
    [InlineData("10/03/2026")] // not ISO
    public async Task A_new_date_that_is_not_a_later_working_day_is_refused(string date)
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit)
            .PutAsJsonAsync($"/api/apologies/{draft.Id}", new { reason = "Chờ kết quả thẩm định", newAppointmentDate = date });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task An_officer_cannot_sign_and_another_units_leader_does_not_see_it()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();

        var officer = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);
        var stranger = await factory.CreateClient().WithToken("leader", ApologiesFactory.OtherUnit).PostAsync($"/api/apologies/{apology.Id}/sign", null);
        var province = await factory.CreateClient().WithToken("province").PostAsync($"/api/apologies/{apology.Id}/sign", null);

        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, province.StatusCode);
        Assert.Equal(ApologyStatus.AwaitingSignature, (await factory.FindAsync(apology.CaseCode))!.Status);
    }

    [Fact]
    public async Task Signing_a_draft_without_reason_is_a_409()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        var response = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{draft.Id}/sign", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task The_leader_signs_it_is_numbered_issued_published_and_Cases_moves_the_appointment_once()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();

        var response = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);

        response.EnsureSuccessStatusCode();
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("01/PXL", view.GetProperty("number").GetString());
        Assert.Equal("issued", view.GetProperty("status").GetString());
        Assert.False(view.GetProperty("issuedLate").GetBoolean());
        var done = await factory.EventuallyAsync(apology.CaseCode, a => a.Reschedule == RescheduleState.Done);
        Assert.Equal(ApologiesFactory.Now, done.PublishedAt); // published as it was issued (Directive 18)
        var (code, date, number) = Assert.Single(factory.Cases.Reschedules);
        Assert.Equal((apology.CaseCode, new DateOnly(2026, 3, 10), "01/PXL"), (code, date, number));
        Assert.Equal(["vn.tthc.apology.drafted.v1", "vn.tthc.apology.issued.v1", "vn.tthc.apology.published.v1"], await factory.OutboxTypesAsync(apology.CaseCode));

        var again = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Leaders_signing_at_once_get_consecutive_numbers_with_no_gap_and_no_repeat()
    {
        await using var factory = new ApologiesFactory();
        var apologies = new List<Apology>();
        for (var i = 0; i < 12; i++)
        {
            apologies.Add(await factory.AwaitingSignatureAsync());
        }

        var responses = await Task.WhenAll(apologies.Select(a =>
            factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{a.Id}/sign", null)));

        var numbers = new List<string>();
        foreach (var response in responses)
        {
            response.EnsureSuccessStatusCode();
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!);
        }

        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"{n:00}/PXL"), numbers.OrderBy(n => int.Parse(n.Split('/')[0])));
    }

    [Fact]
    public async Task An_apology_signed_after_the_appointment_is_issued_late()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();
        factory.Time.SetUtcNow(ApologiesFactory.DueTomorrow.AddHours(1));

        var view = await (await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(view.GetProperty("issuedLate").GetBoolean());
        var issued = (await factory.OutboxAsync(apology.CaseCode)).Single(m => m.Type == "vn.tthc.apology.issued.v1");
        Assert.Contains("\"issuedLate\":true", issued.Envelope);
    }

    [Fact]
    public async Task When_Cases_refuses_the_new_date_the_apology_says_why()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();
        factory.Cases.Update(apology.CaseCode, f => f with { RescheduledTo = new DateOnly(2026, 3, 9) });

        await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);

        var refused = await factory.EventuallyAsync(apology.CaseCode, a => a.Reschedule == RescheduleState.Refused);
        Assert.Contains("only once", refused.RescheduleNote);
    }

    [Fact]
    public async Task Cases_being_down_delays_the_draft_details_but_loses_nothing()
    {
        await using var factory = new ApologiesFactory();
        factory.Cases.Unreachable = true;
        var code = factory.NewCase();

        await factory.DueSoonAsync(code);
        var draft = await factory.EventuallyAsync(code, a => a.LinkAttempts > 0);
        Assert.Null(draft.Details);

        factory.Cases.Unreachable = false;
        factory.Time.Advance(TimeSpan.FromMinutes(5));
        var described = await factory.EventuallyAsync(code, a => a.Details is not null);
        Assert.Null(described.NextLinkAt);
    }

    [Fact]
    public async Task A_dossier_decided_on_time_cancels_its_draft()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        await factory.DeliverAsync(Decided(draft.CaseCode, "on-time"));

        var cancelled = await factory.FindAsync(draft.CaseCode);
        Assert.Equal(ApologyStatus.Cancelled, cancelled!.Status);
        Assert.Equal(["vn.tthc.apology.drafted.v1"], await factory.OutboxTypesAsync(draft.CaseCode));
    }

    [Fact]
    public async Task A_dossier_decided_late_without_an_issued_apology_is_reported_missing_and_still_owes_one()
    {
        await using var factory = new ApologiesFactory();
        var code = factory.NewCase();

        await factory.DeliverAsync(Decided(code, "late"));

        var draft = await factory.FindAsync(code);
        Assert.Equal(ApologyStatus.Draft, draft!.Status);
        Assert.Equal("decided-late", draft.OpenedBy);
        Assert.True(draft.ReportedMissing);
        Assert.Equal(["vn.tthc.apology.drafted.v1", "vn.tthc.apology.missing.v1"], await factory.OutboxTypesAsync(code));
    }

    [Fact]
    public async Task A_dossier_decided_late_after_its_apology_was_issued_is_no_failure()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();
        await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);

        await factory.DeliverAsync(Decided(apology.CaseCode, "late"));

        Assert.DoesNotContain("vn.tthc.apology.missing.v1", await factory.OutboxTypesAsync(apology.CaseCode));
    }

    [Fact]
    public async Task History_before_the_provinces_cut_off_opens_no_draft_but_is_still_reported_missing()
    {
        await using var factory = new ApologiesFactory();
        factory.Settings["Apologies:OpenDraftsFrom"] = "2026-03-04"; // the day after the appointment
        var code = factory.NewCase();

        await factory.DueSoonAsync(code);
        await factory.DeliverAsync(Decided(code, "late"));

        Assert.Null(await factory.FindAsync(code));
        Assert.Equal(["vn.tthc.apology.missing.v1"], await factory.OutboxTypesAsync(code));
    }

    [Fact]
    public async Task A_refused_dossier_cancels_its_draft()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        await factory.DeliverAsync(new CaseRefused { OccurredAt = ApologiesFactory.Now, CaseCode = draft.CaseCode, UnitCode = ApologiesFactory.OneStop, Reason = "Không thuộc thẩm quyền" });

        Assert.Equal(ApologyStatus.Cancelled, (await factory.FindAsync(draft.CaseCode))!.Status);
    }

    [Fact]
    public async Task A_dossier_withdrawn_before_its_appointment_cancels_its_draft()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        await factory.DeliverAsync(new CaseWithdrawn { OccurredAt = ApologiesFactory.Now, CaseCode = draft.CaseCode, UnitCode = ApologiesFactory.OneStop, Reason = "Công dân rút hồ sơ" });

        Assert.Equal(ApologyStatus.Cancelled, (await factory.FindAsync(draft.CaseCode))!.Status);
    }

    [Theory]
    [InlineData("withdrawn")]
    [InlineData("refused")]
    [InlineData("stopped")]
    public async Task A_dossier_that_ends_after_its_appointment_passed_still_owes_its_apology(string ending)
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();
        var after = ApologiesFactory.DueTomorrow.AddHours(20); // the appointment passed the evening before

        await factory.DeliverAsync(ending switch
        {
            "withdrawn" => new CaseWithdrawn { OccurredAt = after, CaseCode = draft.CaseCode, UnitCode = ApologiesFactory.OneStop, Reason = "Công dân rút hồ sơ" },
            "refused" => new CaseRefused { OccurredAt = after, CaseCode = draft.CaseCode, UnitCode = ApologiesFactory.OneStop, Reason = "Không đủ điều kiện" },
            _ => new CaseStopped { OccurredAt = after, CaseCode = draft.CaseCode, UnitCode = ApologiesFactory.OneStop, Reason = "Công dân đề nghị dừng" },
        });

        Assert.Equal(ApologyStatus.Draft, (await factory.FindAsync(draft.CaseCode))!.Status);
    }

    [Fact]
    public async Task A_draft_whose_facts_have_not_arrived_cannot_be_signed()
    {
        await using var factory = new ApologiesFactory();
        var code = $"{ApologiesFactory.OneStop}-260223-9999"; // Cases does not know it (yet): its facts never come
        await factory.DueSoonAsync(code);
        var draft = await factory.EventuallyAsync(code, a => a.Status == ApologyStatus.Draft);
        (await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).PutAsJsonAsync($"/api/apologies/{draft.Id}",
            new { reason = "Chờ ý kiến cơ quan khác", newAppointmentDate = "2026-03-10" })).EnsureSuccessStatusCode();

        var signed = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{draft.Id}/sign", null);

        Assert.Equal(HttpStatusCode.Conflict, signed.StatusCode);
        Assert.Contains("facts have not arrived", (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Null((await factory.FindAsync(code))!.Number);
    }

    [Fact]
    public async Task Delivery_by_email_is_asked_of_notifications_and_recorded_when_it_went()
    {
        await using var factory = new ApologiesFactory();
        var apology = await factory.AwaitingSignatureAsync();
        await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).PostAsync($"/api/apologies/{apology.Id}/sign", null);

        // The one-stop office that received the dossier asks for it by email: Notifications (which holds the contact) sends it.
        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.OneStop)
            .PostAsJsonAsync($"/api/apologies/{apology.Id}/deliveries", new { channel = "email" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var asked = Assert.Single(await factory.OutboxAsync(apology.CaseCode), m => m.Type == "vn.tthc.apology.delivery-requested.v1");
        Assert.Equal("apologies", asked.Topic);
        var request = JsonSerializer.Deserialize<CloudEvent>(asked.Envelope, CloudEvent.Json)!.Data.Deserialize<ApologyDeliveryRequested>(CloudEvent.Json)!;
        Assert.Equal(("email", "01/PXL", new DateOnly(2026, 3, 10)), (request.Channel, request.Number, request.NewAppointmentDate));
        Assert.Equal("Phải xin ý kiến Sở Tài nguyên và Môi trường về ranh giới thửa đất.", request.Reason);
        Assert.Empty((await factory.FindAsync(apology.CaseCode))!.Deliveries);

        // Notifications tells it went (twice: a redelivery): one delivery, by email, and apology.delivered once.
        var sent = new NoticeSent
        {
            OccurredAt = ApologiesFactory.Now, NoticeId = Guid.CreateVersion7(), About = apology.CaseCode, Kind = "apology-issued", Channel = "email",
            ApologyId = apology.Id,
        };
        await factory.DeliverAsync(sent);
        await factory.DeliverAsync(sent);
        await factory.DeliverAsync(sent with { Id = Guid.CreateVersion7() }); // the same notice told again (a lease outrun): still one
        var delivered = await factory.FindAsync(apology.CaseCode);
        Assert.Equal(("email", "notifications", sent.NoticeId), (Assert.Single(delivered!.Deliveries).Channel, delivered.Deliveries[0].RecordedBy,
            delivered.Deliveries[0].NoticeId));
        Assert.Single(await factory.OutboxTypesAsync(apology.CaseCode), t => t == "vn.tthc.apology.delivered.v1");
    }

    [Fact]
    public async Task A_notice_of_no_apology_or_of_a_draft_records_nothing()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();

        await factory.DeliverAsync(new NoticeSent
        {
            OccurredAt = ApologiesFactory.Now, NoticeId = Guid.CreateVersion7(), About = draft.CaseCode, Kind = "receipt", Channel = "sms",
        });
        await factory.DeliverAsync(new NoticeSent
        {
            OccurredAt = ApologiesFactory.Now, NoticeId = Guid.CreateVersion7(), About = draft.CaseCode, Kind = "apology-issued", Channel = "sms",
            ApologyId = draft.Id,
        });

        Assert.Empty((await factory.FindAsync(draft.CaseCode))!.Deliveries);
        Assert.DoesNotContain("vn.tthc.apology.delivered.v1", await factory.OutboxTypesAsync(draft.CaseCode));
    }

    [Fact]
    public async Task A_draft_cannot_be_delivered_and_an_unknown_channel_is_a_422()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();
        var client = factory.CreateClient().WithToken("officer", ApologiesFactory.Unit);

        var early = await client.PostAsJsonAsync($"/api/apologies/{draft.Id}/deliveries", new { channel = "counter" });
        var pigeon = await client.PostAsJsonAsync($"/api/apologies/{draft.Id}/deliveries", new { channel = "pigeon" });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pigeon.StatusCode);
    }

    [Fact]
    public async Task Drafts_past_the_legal_deadline_are_listed_for_the_leader()
    {
        await using var factory = new ApologiesFactory();
        var late = await factory.DraftAsync();
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero)); // Monday 18:00: the legal moment passed

        var page = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit)
            .GetFromJsonAsync<JsonElement>("/api/apologies?status=past-deadline");

        var only = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(late.Id, only.GetProperty("id").GetGuid());
        Assert.True(only.GetProperty("pastLegalDeadline").GetBoolean());
    }

    [Fact]
    public async Task A_forged_decided_early_event_is_a_401_and_the_owed_apology_stays()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();
        var forged = new StringContent(JsonSerializer.Serialize(CloudEvent.From(Decided(draft.CaseCode, "early"), "tthc/cases"), CloudEvent.Json),
            System.Text.Encoding.UTF8, CloudEvent.MediaType);

        var anonymous = await factory.CreateClient().PostAsync("/events/cases", forged);
        var officer = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).PostAsync("/events/cases", forged);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymous.StatusCode, officer.StatusCode));
        Assert.Equal(ApologyStatus.Draft, (await factory.FindAsync(draft.CaseCode))!.Status);
    }

    private static CaseDecided Decided(string code, string timeliness) => new()
    {
        OccurredAt = ApologiesFactory.Now, CaseCode = code, UnitCode = ApologiesFactory.OneStop, ResponsibleUnitCode = ApologiesFactory.Unit,
        DecidedAt = ApologiesFactory.Now, DueAt = ApologiesFactory.DueTomorrow, Timeliness = Tthc.Contracts.CaseTerms.ParseTimeliness(timeliness)!.Value, WorkingDaysLate = timeliness == "late" ? 2 : 0,
    };
}
