using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Feedback.Data;
using Tthc.Feedback.Workers;
using Tthc.Tests;

namespace Tthc.Feedback.Tests;

/// <summary>
/// A petition's deadlines in working days from Tuesday 1 December 2026, 10:00 (Vietnam): classify by the end of the
/// morning two working days later, answer within fifteen; the watch warns a working day ahead and marks lateness once;
/// waiting for the sender's information moves the answer's deadline by exactly the office time it took.
/// </summary>
public sealed class PetitionTests
{
    private const string Unit = FakeCases.Unit;

    private static DateTimeOffset Vn(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static object Letter(object? extra = null) => new
    {
        kind = "procedure", title = "Niêm yết thủ tục thiếu mức phí", content = "Bảng niêm yết tại bộ phận một cửa thiếu mức phí, lệ phí.",
        sender = new { fullName = "Lê Thị Hoa", phone = "0912345678" }, channel = "letter",
    };

    private static async Task<(HttpClient Officer, string Code, JsonElement Receipt)> EnterAsync(FeedbackFactory factory)
    {
        var officer = factory.CreateClient().WithToken("officer", Unit);
        var response = await officer.PostAsJsonAsync("/api/feedback", Letter());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (officer, receipt.GetProperty("code").GetString()!, receipt);
    }

    private static async Task<List<string>> EventTypesAsync(FeedbackFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDbContext>();
        return await db.Set<Tthc.Messaging.OutboxMessage>().OrderBy(m => m.Sequence).Select(m => m.Type).ToListAsync();
    }

    private static async Task WatchAsync(FeedbackFactory factory) =>
        await factory.Services.GetRequiredService<PetitionWatch>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task A_petition_typed_with_combining_accents_is_kept_composed()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var officer = factory.CreateClient().WithToken("officer", Unit);

        // Decomposed Unicode ("tổ hợp"): the base letter, then its accents as separate characters.
        var response = await officer.PostAsJsonAsync("/api/feedback", new
        {
            kind = "procedure", title = "Nie\u0302m ye\u0302\u0301t thie\u0302\u0301u phi\u0301", content = "Thie\u0302\u0301u mu\u031B\u0301c phi\u0301.",
            sender = new { fullName = "Le\u0302 Thi\u0323 Hoa", phone = "0912345678" }, channel = "letter",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var petition = await officer.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
        Assert.Equal(("Niêm yết thiếu phí", "Thiếu mức phí.", "Lê Thị Hoa"), (petition.GetProperty("title").GetString(),
            petition.GetProperty("content").GetString(), petition.GetProperty("sender").GetProperty("fullName").GetString()));
    }

    [Fact]
    public async Task Deadlines_count_working_days_and_the_watch_warns_then_marks_lateness_once()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var (officer, code, receipt) = await EnterAsync(factory);
        Assert.Equal("PA-261201-0001", code);
        Assert.Equal(Vn(12, 3, 11, 30), receipt.GetProperty("classifyDueAt").GetDateTimeOffset());
        // 15 working days after Tuesday 1 December (morning): 2–4, 7–11, 14–18, 21, 22 December; end of the morning.
        Assert.Equal(Vn(12, 22, 11, 30), receipt.GetProperty("dueAt").GetDateTimeOffset());

        await WatchAsync(factory);
        // The sender's contact goes to Notifications alone (its own topic), to be told of the answer.
        Assert.Equal(["vn.tthc.feedback.received.v1", "vn.tthc.feedback.contact-given.v1"], await EventTypesAsync(factory));

        // Wednesday 2 December from 07:30: one working day before the classification's deadline.
        factory.Clock.SetUtcNow(Vn(12, 2, 8));
        await WatchAsync(factory);
        await WatchAsync(factory);
        // Thursday 3 December, 11:31: late, said once.
        factory.Clock.SetUtcNow(Vn(12, 3, 11, 31));
        await WatchAsync(factory);
        await WatchAsync(factory);
        Assert.Equal(["vn.tthc.feedback.received.v1", "vn.tthc.feedback.contact-given.v1", "vn.tthc.feedback.due-soon.v1", "vn.tthc.feedback.overdue.v1"],
            await EventTypesAsync(factory));
        var petition = await officer.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
        Assert.True(petition.GetProperty("overdue").GetBoolean());
        Assert.Equal("overdue", petition.GetProperty("history").EnumerateArray().Last().GetProperty("action").GetString());

        // Accepted late: the answer's deadline now runs, with its own warning to come.
        var accepted = await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var view = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("answer", false), (view.GetProperty("stage").GetString(), view.GetProperty("overdue").GetBoolean()));
    }

    [Fact]
    public async Task Waiting_for_information_moves_the_answer_deadline_by_the_office_time_it_took()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var (officer, code, _) = await EnterAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "accept" })).StatusCode);

        factory.Clock.SetUtcNow(Vn(12, 7, 9));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/request-info", new { questions = "Địa điểm niêm yết cụ thể?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsync($"/api/feedback/{code}/answer", new { answer = "…" })).StatusCode);

        // Two working days later, same hour: the deadline moves two working days, 22 → 24 December.
        factory.Clock.SetUtcNow(Vn(12, 9, 9));
        var resumed = await officer.PostAsync($"/api/feedback/{code}/info-received", null);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(Vn(12, 24, 11, 30), (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("answerDueAt").GetDateTimeOffset());

        // Answered on time; published within two working days (by the end of the morning of 14 December).
        factory.Clock.SetUtcNow(Vn(12, 10, 9));
        var answered = await officer.PostAsJsonAsync($"/api/feedback/{code}/answer", new { answer = "Đã bổ sung mức phí vào bảng niêm yết." });
        var view = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("answeredLate").GetBoolean());
        Assert.Equal(Vn(12, 14, 11, 30), view.GetProperty("publishDueAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/feedback/{code}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsync($"/api/feedback/{code}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task The_history_gives_the_pause_in_working_days_with_a_vietnamese_decimal_comma()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var (officer, code, _) = await EnterAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "accept" })).StatusCode);
        factory.Clock.SetUtcNow(Vn(12, 7, 9));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/feedback/{code}/request-info", new { questions = "Địa điểm niêm yết cụ thể?" })).StatusCode);

        // An hour of office time: a fraction of a working day, written "0,13" (the service runs without ICU).
        factory.Clock.SetUtcNow(Vn(12, 7, 10));
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/feedback/{code}/info-received", null)).StatusCode);
        var history = (await officer.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}")).GetProperty("history");
        Assert.Contains("tạm dừng 0,13 ngày làm việc", history.EnumerateArray().Last().GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_forward_gives_the_competent_unit_its_own_deadlines_and_the_old_unit_loses_it()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var (officer, code, _) = await EnterAsync(factory);
        factory.Clock.SetUtcNow(Vn(12, 4, 14));
        var forwarded = await officer.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "forward", unitCode = FakeCases.OtherUnit, reason = "Thuộc thẩm quyền Sở Tư pháp" });
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        var view = await forwarded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((FakeCases.OtherUnit, "received"), (view.GetProperty("unitCode").GetString(), view.GetProperty("status").GetString()));
        // Received by the new unit on Friday afternoon: classify by Tuesday 8 December's end.
        Assert.Equal(Vn(12, 8, 17), view.GetProperty("classifyDueAt").GetDateTimeOffset());
        Assert.Equal([Unit], view.GetProperty("forwardedFrom").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/api/feedback/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync("/api/feedback?cursor=9000000000000000000")).StatusCode);
        var other = factory.CreateClient().WithToken("officer", FakeCases.OtherUnit);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync($"/api/feedback/{code}/classify", new { decision = "refuse", reason = "Đã được giải quyết." })).StatusCode);
    }

    [Fact]
    public async Task Bad_petitions_are_422s_naming_the_field_and_Cases_away_is_a_503()
    {
        await using var factory = new FeedbackFactory(Vn(12, 1, 10));
        var citizen = factory.CreateClient();
        var response = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "rumour", title = "", sender = new { phone = "12" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "kind", "title", "content", "sender.phone" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        // What an Atom feed or a Word letter cannot carry is refused where it is typed.
        var unprintable = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "regulation", unitCode = Unit, title = "x\uFFFF", content = "c\uFFFE", sender = new { email = "a@b.vn" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unprintable.StatusCode);
        var unprintableErrors = (await unprintable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(unprintableErrors.TryGetProperty("title", out _) && unprintableErrors.TryGetProperty("content", out _));

        // A sender's name names somebody: one letter at least (anonymous, with no name, is still allowed).
        var pictograph = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "regulation", unitCode = Unit, title = "t", content = "c", sender = new { fullName = "🙂", email = "a@b.vn" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pictograph.StatusCode);
        Assert.True((await pictograph.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sender.fullName", out _));
        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync("/public/feedback",
            new { kind = "regulation", unitCode = Unit, title = "Chữ Hán-Nôm 𡨸喃", content = "c", sender = new { email = "a@b.vn" } })).StatusCode);

        var unknownUnit = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "regulation", unitCode = "000.99.99.H15", title = "t", content = "c", sender = new { email = "a@b.vn" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownUnit.StatusCode);
        var unknownDossier = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "dossier", caseCode = "000.00.36.H15-261201-0001", title = "t", content = "c", sender = new { email = "a@b.vn" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownDossier.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.PostAsJsonAsync("/public/feedback",
            new { kind = "regulation", unitCode = Unit, title = "t", content = "c", sender = new { email = "a@b.vn" }, channel = "hotline" })).StatusCode);

        // About a dossier: it goes to the dossier's deciding unit.
        factory.Cases.Add("000.00.36.H15-261130-0004", "InProgress");
        var about = await citizen.PostAsJsonAsync("/public/feedback", new { kind = "dossier", caseCode = "000.00.36.H15-261130-0004", title = "Chậm", content = "Hồ sơ chậm", sender = new { email = "a@b.vn" } });
        Assert.Equal(HttpStatusCode.Created, about.StatusCode);
        Assert.Equal(Unit, (await about.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unitCode").GetString());

        factory.Cases.Down = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await citizen.PostAsJsonAsync("/public/feedback",
            new { kind = "dossier", caseCode = "000.00.36.H15-261130-0005", title = "t", content = "c", sender = new { email = "a@b.vn" } })).StatusCode);
    }
}
