using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

/// <summary>
/// November 2026 scripted by hand for two departments — dossiers, an apology, supplement requests, petitions, ratings
/// (one changed) — and the figures worked out on paper in the comments: the satisfaction report, the compliance list's
/// petitions, and Decision 766's index with its ranking. Asked on 1 December, the month has ended (as of 1 Dec 00:00).
/// </summary>
public sealed class ServiceIndexTests
{
    private const string A = ReportingFactory.Unit;       // Sở Xây dựng
    private const string B = ReportingFactory.OtherUnit;  // Sở Tư pháp

    private static DateTimeOffset Vn(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(7));

    private static CaseReceived Received(string code, string unit, IntakeChannel channel, DateTimeOffset at, DateTimeOffset due) => new()
    {
        OccurredAt = at, CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = unit, ProcedureCode = "1.009972",
        Channel = channel, ReceivedAt = at, DueAt = due,
    };

    private static CaseDecided Decided(string code, string unit, DateTimeOffset at, DateTimeOffset due, Timeliness timeliness) => new()
    {
        OccurredAt = at, CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = unit, DecidedAt = at, DueAt = due,
        Timeliness = timeliness, WorkingDaysLate = timeliness == Timeliness.Late ? 2 : 0,
    };

    private static CaseSupplementRequested Supplement(string code, DateTimeOffset at) => new()
    {
        OccurredAt = at, CaseCode = code, UnitCode = ReportingFactory.Receiving, Missing = ["Bản sao giấy tờ"],
    };

    /// <summary>A petition received, accepted, and (when given) answered and published.</summary>
    private static IEnumerable<IntegrationEvent> Petition(string code, string unit, DateTimeOffset received, DateTimeOffset answerDue,
        DateTimeOffset? answered = null, DateTimeOffset? publishDue = null, DateTimeOffset? published = null, bool refused = false)
    {
        yield return new PetitionReceived
        {
            OccurredAt = received, PetitionCode = code, UnitCode = unit, Kind = "procedure", Channel = "online", ReceivedAt = received,
            ClassifyDueAt = received.AddDays(2), AnswerDueAt = answerDue,
        };
        yield return new PetitionClassified
        {
            OccurredAt = received.AddDays(1), PetitionCode = code, UnitCode = unit, Decision = refused ? "refuse" : "accept", FromUnitCode = unit,
            Late = false, AnswerDueAt = refused ? null : answerDue,
        };
        if (answered is { } at)
        {
            yield return new PetitionAnswered
            {
                OccurredAt = at, PetitionCode = code, UnitCode = unit, AnsweredAt = at, AnswerDueAt = answerDue, Late = at > answerDue, PublishDueAt = publishDue!.Value,
            };
        }

        if (published is { } p)
        {
            yield return new PetitionPublished { OccurredAt = p, PetitionCode = code, UnitCode = unit, PublishedAt = p, PublishDueAt = publishDue!.Value, Late = p > publishDue };
        }
    }

    private static CaseRated Rated(string code, string unit, DateTimeOffset at, int[] criteria, string verdict, int revision = 1) => new()
    {
        OccurredAt = at, CaseCode = code, UnitCode = unit, Criteria = criteria, Verdict = verdict, RatedAt = at, Revision = revision, Channel = "online",
    };

    private static async Task<ReportingFactory> NovemberAsync()
    {
        var factory = new ReportingFactory(Vn(12, 1, 10));
        await factory.SeedUnitsAsync();
        var events = new List<IntegrationEvent>
        {
            // A: five dossiers received in November, three online.
            Received("a1", A, IntakeChannel.Counter, Vn(11, 2), Vn(11, 10, 17)),
            Decided("a1", A, Vn(11, 9), Vn(11, 10, 17), Timeliness.Early),
            Received("a2", A, IntakeChannel.Online, Vn(11, 3), Vn(11, 12, 17)),
            Supplement("a2", Vn(11, 4)),
            Supplement("a2", Vn(11, 6)),
            Decided("a2", A, Vn(11, 12, 16), Vn(11, 12, 17), Timeliness.OnTime), // on time, but asked twice: late for the index
            Received("a3", A, IntakeChannel.Online, Vn(11, 4), Vn(11, 13, 17)),
            new ApologyIssued
            {
                OccurredAt = Vn(11, 12), ApologyId = Guid.NewGuid(), CaseCode = "a3", UnitCode = A, Number = "1/PXL",
                NewAppointmentDate = new DateOnly(2026, 11, 18), IssuedLate = false, OriginalDueAt = Vn(11, 13, 17),
            },
            Decided("a3", A, Vn(11, 17), Vn(11, 13, 17), Timeliness.Late),        // late, with its apology
            Received("a4", A, IntakeChannel.Counter, Vn(11, 5), Vn(11, 20, 17)), // open and overdue at the month's end, no apology
            Received("a5", A, IntakeChannel.Online, Vn(11, 25), Vn(12, 10, 17)), // open, not yet due

            // B: two online dossiers, both decided in time (one asked once for a supplement: still on time).
            Received("b1", B, IntakeChannel.Online, Vn(11, 2), Vn(11, 9, 17)),
            Decided("b1", B, Vn(11, 6), Vn(11, 9, 17), Timeliness.Early),
            Received("b2", B, IntakeChannel.Online, Vn(11, 10), Vn(11, 17, 17)),
            Supplement("b2", Vn(11, 11)),
            Decided("b2", B, Vn(11, 17, 15), Vn(11, 17, 17), Timeliness.OnTime),

            // Ratings: A four (one changed from a bad first rating), B two.
            Rated("a1", A, Vn(11, 10), [2, 2, 2, 2, 2, 2, 2, 2, 2], "very-satisfied"),
            Rated("a2", A, Vn(11, 13), [2, 2, 2, 2, 1, 1, 1, 1, 1], "satisfied"),
            Rated("a3", A, Vn(11, 18), [1, 1, 1, 1, 1, 0, 0, 0, 0], "dissatisfied"),
            Rated("a9", A, Vn(11, 20), [0, 0, 0, 0, 0, 0, 0, 0, 0], "dissatisfied"),
            Rated("a9", A, Vn(11, 20), [2, 2, 2, 2, 2, 2, 2, 2, 1], "satisfied", revision: 2),
            Rated("b1", B, Vn(11, 7), [2, 2, 2, 2, 2, 2, 2, 2, 2], "very-satisfied"),
            Rated("b2", B, Vn(11, 18), [2, 2, 2, 2, 2, 2, 2, 2, 2], "very-satisfied"),
        };

        // Petitions. A: pA1 on time; pA2 answered late; pA3 refused (handled, not counted); pA4 due in December; pA5 unanswered.
        events.AddRange(Petition("PA-261102-0001", A, Vn(11, 2), Vn(11, 23, 17), Vn(11, 20), Vn(11, 24, 17), Vn(11, 21)));
        events.AddRange(Petition("PA-261103-0001", A, Vn(11, 3), Vn(11, 24, 17), Vn(11, 26), Vn(11, 30, 17), Vn(11, 26, 15)));
        events.AddRange(Petition("PA-261104-0001", A, Vn(11, 4), Vn(11, 25, 17), refused: true));
        events.AddRange(Petition("PA-261124-0001", A, Vn(11, 24), Vn(12, 15, 17)));
        events.AddRange(Petition("PA-261101-0001", A, Vn(11, 2), Vn(11, 25, 17)));
        // pA6: its deadline passed while the unit waited for the sender's information: paused, neither late nor counted.
        events.AddRange(Petition("PA-261105-0001", A, Vn(11, 5), Vn(11, 26, 17)));
        events.Add(new PetitionInfoRequested { OccurredAt = Vn(11, 20), PetitionCode = "PA-261105-0001", UnitCode = A });
        // B: pB1 answered early, published on its publishing deadline.
        events.AddRange(Petition("PA-261102-0002", B, Vn(11, 2), Vn(11, 20, 17), Vn(11, 19), Vn(11, 21, 17), Vn(11, 21, 17)));

        // A redelivery changes nothing; an older revision arriving after the newer one is ignored.
        events.Add(events[^1]);
        events.Add(Rated("a9", A, Vn(11, 20), [0, 0, 0, 0, 0, 0, 0, 0, 0], "dissatisfied"));
        await factory.DeliverAsync(events);
        return factory;
    }

    [Fact]
    public async Task Satisfaction_per_unit_is_the_average_of_its_ratings_with_the_grade()
    {
        await using var factory = await NovemberAsync();
        var client = factory.CreateClient().WithToken("province");
        var report = await client.GetFromJsonAsync<JsonElement>("/api/reports/satisfaction?period=calendar-month&year=2026&number=11");
        var a = report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == A);

        // Points per criterion: 7 7 7 7 6 5 5 5 4 over four ratings; totals 18 + 13 + 5 + 17 = 53 → 13.25, "tốt".
        Assert.Equal(4, a.GetProperty("ratings").GetInt64());
        Assert.Equal([1.75, 1.75, 1.75, 1.75, 1.5, 1.25, 1.25, 1.25, 1.0], a.GetProperty("criteria").EnumerateArray().Select(c => c.GetDouble()));
        Assert.Equal(13.25, a.GetProperty("total").GetDouble());
        Assert.Equal("tot", a.GetProperty("grade").GetString());
        Assert.Equal((0.25, 0.5, 0.25), (a.GetProperty("verySatisfiedShare").GetDouble(), a.GetProperty("satisfiedShare").GetDouble(), a.GetProperty("dissatisfiedShare").GetDouble()));

        // B: two perfect ratings; the province: 6 ratings, (53 + 36) / 6 = 14.83, still "tốt".
        var b = report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == B);
        Assert.Equal((18.0, "xuat-sac"), (b.GetProperty("total").GetDouble(), b.GetProperty("grade").GetString()));
        Assert.Equal((6L, 14.83, "tot"), (report.GetProperty("total").GetProperty("ratings").GetInt64(), report.GetProperty("total").GetProperty("total").GetDouble(),
            report.GetProperty("total").GetProperty("grade").GetString()));

        // Published: anyone, JSON or HTML; CSV for the office.
        var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/public/satisfaction?unit={A}&period=calendar-month&year=2026&number=11");
        Assert.Equal(13.25, published.GetProperty("total").GetProperty("total").GetDouble());
        var html = await factory.CreateClient().GetStringAsync($"/public/satisfaction?unit={A}&period=calendar-month&year=2026&number=11");
        Assert.Contains("Sở Xây dựng", html);
        Assert.Contains("Tốt", html);
        var csv = await client.GetStringAsync("/api/reports/satisfaction?period=calendar-month&year=2026&number=11&format=csv");
        Assert.Contains("Sở Tư pháp,2,2.00,2.00,", csv);
        Assert.Contains("Tổng điểm,Xếp loại", csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/public/satisfaction?period=quarter&number=9")).StatusCode);
    }

    [Fact]
    public async Task The_compliance_list_names_units_with_late_or_unanswered_petitions()
    {
        await using var factory = await NovemberAsync();
        var client = factory.CreateClient().WithToken("province");
        var compliance = await client.GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=calendar-month&year=2026&number=11");
        var petitions = compliance.GetProperty("petitions").EnumerateArray().ToList();

        var a = Assert.Single(petitions);
        Assert.Equal(A, a.GetProperty("unitCode").GetString());
        Assert.Equal((1L, 1L), (a.GetProperty("answeredLate").GetInt64(), a.GetProperty("unanswered").GetInt64()));
        Assert.Equal(["PA-261101-0001", "PA-261103-0001"], a.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        // The dossier list is unchanged: a4 is late without an apology.
        Assert.Equal(["a4"], compliance.GetProperty("units").EnumerateArray().Single().GetProperty("caseCodes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_index_of_the_month_is_the_hand_computed_one()
    {
        await using var factory = await NovemberAsync();
        var client = factory.CreateClient().WithToken("province");
        var index = await client.GetFromJsonAsync<JsonElement>("/api/reports/index?year=2026&month=11");
        Assert.Equal("2026-11", index.GetProperty("month").GetString());
        Assert.Equal(["Số hóa hồ sơ"], index.GetProperty("notMeasured").EnumerateArray().Select(g => g.GetString()));

        var units = index.GetProperty("units").EnumerateArray().ToList();
        // B: everything at full points where measured (no late or pending dossier: those two not measured): 9 + 10 + 11 + 18.
        Assert.Equal((B, 1, 48.0, 48.0), Summary(units[0]));
        Assert.Null(Indicator(units[0], "publicity.apologies").Score);
        // A, indicator by indicator (full points at 80 %, satisfaction 90 %; else rate × points ÷ threshold):
        //   apologies 1 of 2 late → 0.5 × 9 ÷ 0.8 = 5.63; petitions 1 of 3 due → 0.3333 × 9 ÷ 0.8 = 3.75;
        //   decided on time 1 of 3 → 0.3333 × 10 ÷ 0.8 = 4.17; pending in time 1 of 2 → 6.25;
        //   online 3 of 5 → 0.6 × 11 ÷ 0.8 = 8.25; satisfied 3 of 4 → 0.75 × 18 ÷ 0.9 = 15.
        //   Total 5.63 + 3.75 + 4.17 + 6.25 + 8.25 + 15 = 43.05 of the 67 measured.
        Assert.Equal((A, 2, 43.05, 67.0), Summary(units[1]));
        Assert.Equal((1L, 2L, (double?)5.63), Indicator(units[1], "publicity.apologies"));
        Assert.Equal((1L, 3L, (double?)3.75), Indicator(units[1], "publicity.petitions"));
        Assert.Equal((1L, 3L, (double?)4.17), Indicator(units[1], "progress.decided-on-time"));
        Assert.Equal((1L, 2L, (double?)6.25), Indicator(units[1], "progress.not-overdue"));
        Assert.Equal((3L, 5L, (double?)8.25), Indicator(units[1], "online.received-online"));
        Assert.Equal((3L, 4L, (double?)15.0), Indicator(units[1], "satisfaction.satisfied"));

        // One unit, asked by its officer; and its trend: November is in it, December (running) too.
        var own = await factory.CreateClient().WithToken("officer", A).GetFromJsonAsync<JsonElement>("/api/reports/index?year=2026&month=11");
        Assert.Equal((A, 1, 43.05, 67.0), Summary(own.GetProperty("units").EnumerateArray().Single()));
        var trend = await client.GetFromJsonAsync<JsonElement>($"/api/reports/index/trend?unit={A}");
        var months = trend.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal(("2026-11", 43.05), (months[10].GetProperty("month").GetString(), months[10].GetProperty("total").GetDouble()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.GetAsync("/api/reports/index?year=2027&month=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/reports/index?year=2026&month=13")).StatusCode);
    }

    private static (string?, int, double, double) Summary(JsonElement unit) =>
        (unit.GetProperty("unitCode").GetString(), unit.GetProperty("rank").GetInt32(), unit.GetProperty("total").GetDouble(), unit.GetProperty("maxMeasured").GetDouble());

    private static (long Numerator, long Denominator, double? Score) Indicator(JsonElement unit, string key)
    {
        var indicator = unit.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray())
            .Single(i => i.GetProperty("key").GetString() == key);
        var score = indicator.GetProperty("score");
        return (indicator.GetProperty("numerator").GetInt64(), indicator.GetProperty("denominator").GetInt64(),
            score.ValueKind == JsonValueKind.Null ? null : score.GetDouble());
    }
}
