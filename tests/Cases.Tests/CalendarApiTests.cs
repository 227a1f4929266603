using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Tthc.Contracts.Cases.V1;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public sealed class CalendarApiTests(CasesFactory factory) : IClassFixture<CasesFactory>
{
    [Fact]
    public async Task A_year_lists_holidays_with_their_kinds_and_the_weekends_worked()
    {
        var year = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/calendar/2026");

        Assert.Equal(2026, year.GetProperty("year").GetInt32());
        var holidays = year.GetProperty("holidays").EnumerateArray()
            .Select(h => $"{h.GetProperty("date").GetString()} {h.GetProperty("kind").GetString()} {h.GetProperty("name").GetString()}")
            .ToList();
        Assert.Contains("2026-02-17 holiday Tết Nguyên đán", holidays);
        Assert.Contains("2026-04-27 compensatory Nghỉ bù Giỗ Tổ Hùng Vương (26/04)", holidays);
        Assert.Contains("2026-08-31 swap-off Nghỉ hoán đổi, làm bù ngày 22/08/2026", holidays);
        Assert.Contains("2026-01-02 swap-off Nghỉ hoán đổi, làm bù ngày 10/01/2026", holidays);
        Assert.Equal(["2026-01-10", "2026-08-22"], year.GetProperty("workingWeekends").EnumerateArray().Select(w => w.GetProperty("date").GetString()));
        Assert.False(year.GetProperty("schedule").GetProperty("statutoryOnly").GetBoolean());
    }

    [Fact]
    public async Task A_year_without_an_announcement_is_marked_statutory_only()
    {
        var year = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/calendar/1976");

        Assert.True(year.GetProperty("schedule").GetProperty("statutoryOnly").GetBoolean());
        Assert.Equal(8, year.GetProperty("holidays").EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "holiday"));
    }

    [Fact]
    public async Task Lunar_and_solar_conversions_answer_as_documented()
    {
        var client = factory.CreateClient();

        var lunar = await client.GetFromJsonAsync<JsonElement>("/api/calendar/lunar?date=2026-02-17");
        var solar = await client.GetFromJsonAsync<JsonElement>("/api/calendar/solar?lunarYear=2026&lunarMonth=3&lunarDay=10&leap=false");

        Assert.Equal("""{"solar":"2026-02-17","lunarDay":1,"lunarMonth":1,"lunarYear":2026,"isLeapMonth":false,"canChi":"Bính Ngọ"}""", lunar.GetRawText());
        Assert.Equal("""{"date":"2026-04-26"}""", solar.GetRawText());
    }

    [Fact]
    public async Task A_deadline_comes_with_the_days_it_skipped()
    {
        var deadline = await factory.CreateClient().GetFromJsonAsync<JsonElement>(
            "/api/calendar/deadline?receivedAt=2026-02-13T10:00:00%2B07:00&workingDays=3&channel=counter&sameDay=false");

        Assert.Equal("2026-02-25T11:30:00+07:00", deadline.GetProperty("dueAt").GetString());
        Assert.Equal("2026-02-13T10:00:00+07:00", deadline.GetProperty("countsFrom").GetString());
        var skipped = deadline.GetProperty("skipped").EnumerateArray().ToList();
        Assert.Equal(9, skipped.Count);
        Assert.Equal("Tết Nguyên đán", skipped[2].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_unencoded_plus_in_the_instant_is_understood()
    {
        var deadline = await factory.CreateClient().GetFromJsonAsync<JsonElement>(
            "/api/calendar/deadline?receivedAt=2026-03-02T09:00:00+07:00&workingDays=5");

        Assert.Equal("2026-03-09T11:30:00+07:00", deadline.GetProperty("dueAt").GetString());
    }

    [Theory]
    [InlineData("/api/calendar/abc", "year")]
    [InlineData("/api/calendar/1800", "year")]
    [InlineData("/api/calendar/lunar?date=17/02/2026", "date")]
    [InlineData("/api/calendar/lunar", "date")]
    [InlineData("/api/calendar/solar?lunarYear=2026&lunarMonth=4&lunarDay=1&leap=true", "leap")]
    [InlineData("/api/calendar/solar?lunarYear=2026&lunarMonth=2&lunarDay=30", "lunarDay")]
    [InlineData("/api/calendar/solar?lunarMonth=2&lunarDay=3", "lunarYear")]
    [InlineData("/api/calendar/deadline?receivedAt=2026-03-02T09:00:00&workingDays=5", "receivedAt")]
    [InlineData("/api/calendar/deadline?workingDays=5", "receivedAt")]
    [InlineData("/api/calendar/deadline?receivedAt=2026-03-02T09:00:00Z&workingDays=1.3", "workingDays")]
    [InlineData("/api/calendar/deadline?receivedAt=2026-03-02T09:00:00Z&workingDays=0", "workingDays")]
    [InlineData("/api/calendar/deadline?receivedAt=2026-03-02T09:00:00Z&workingDays=2&sameDay=true", "workingDays")]
    [InlineData("/api/calendar/deadline?receivedAt=2026-03-02T09:00:00Z&workingDays=2&channel=fax", "channel")]
    [InlineData("/api/calendar/deadline?receivedAt=1960-03-02T09:00:00Z&workingDays=2", "receivedAt")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_the_province_replaces_a_schedule_and_the_new_one_changes_deadlines()
    {
        await using var own = new CasesFactory();
        var schedule = new
        {
            year = 2027,
            source = "Thông báo thử nghiệm",
            tet = new[] { "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11" },
            swaps = new[] { new { off = "2027-03-01", worked = "2027-03-06" } },
        };

        var officer = await own.CreateClient().WithToken("officer", CasesFactory.Unit).PutAsJsonAsync("/api/calendar/schedules/2027", schedule);
        var province = await own.CreateClient().WithToken("province").PutAsJsonAsync("/api/calendar/schedules/2027", schedule);
        var again = await own.CreateClient().WithToken("province").PutAsJsonAsync("/api/calendar/schedules/2027", schedule);
        var deadline = await own.CreateClient().GetFromJsonAsync<JsonElement>(
            "/api/calendar/deadline?receivedAt=2027-02-26T09:00:00%2B07:00&workingDays=1");

        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, province.StatusCode);
        Assert.Equal(1, (await province.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").GetProperty("version").GetInt32());
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").GetProperty("version").GetInt32());
        // Received Friday 26 February: Monday 1 March is now off, so one working day runs to Tuesday.
        Assert.Equal("2027-03-02T11:30:00+07:00", deadline.GetProperty("dueAt").GetString());
    }

    [Fact]
    public async Task A_new_schedule_moves_the_appointments_of_open_dossiers_and_says_so_in_their_history()
    {
        await using var own = new CasesFactory();
        var officer = own.CreateClient().WithToken("officer", "000.00.31.H15");
        var received = await (await officer.PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
            applicant = new { fullName = "Nguyễn Văn An" }, components = new[] { "don", "gcn-dat", "ban-ve" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var code = received.GetProperty("code").GetString();
        var due = received.GetProperty("dueAt").GetDateTimeOffset();
        var dueDay = DateOnly.FromDateTime(due.DateTime);
        var year = dueDay.Year;
        var weekday = Enumerable.Range(1, 20).Select(i => dueDay.AddDays(-i))
            .First(d => d.Year == year && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                        && !d.ToString("MM-dd").StartsWith("01-0"));
        var saturday = Enumerable.Range(1, 60).Select(i => dueDay.AddDays(i)).First(d => d.DayOfWeek == DayOfWeek.Saturday);

        // A weekday before the appointment becomes a day off (worked back on a later Saturday): one day later.
        var response = await own.CreateClient().WithToken("province").PutAsJsonAsync($"/api/calendar/schedules/{year}", new
        {
            year,
            swaps = new[] { new { off = weekday.ToString("yyyy-MM-dd"), worked = saturday.ToString("yyyy-MM-dd") } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recomputedDossiers").GetInt32());
        var moved = await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}");
        Assert.True(moved.GetProperty("dueAt").GetDateTimeOffset() > due);
        var history = await officer.GetFromJsonAsync<JsonElement>($"/api/cases/{code}/history");
        Assert.Equal(["received", "due-recomputed"], history.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        // The other services hear of it (Reporting judges lateness against it).
        Assert.Equal(["vn.tthc.case.received.v1", "vn.tthc.case.due-recomputed.v1"], await own.OutboxTypesAsync(code!));
    }

    [Fact]
    public async Task A_replaced_schedule_survives_a_restart()
    {
        using var folder = new SharedDataFolder();
        await using (var first = new CasesFactory())
        {
            first.Settings["TTHC_DATA_DIR"] = folder.Path;
            var response = await first.CreateClient().WithToken("province").PutAsJsonAsync("/api/calendar/schedules/2027",
                new { year = 2027, swaps = new[] { new { off = "2027-03-01", worked = "2027-03-06" } } });
            response.EnsureSuccessStatusCode();
        }

        await using var second = new CasesFactory();
        second.Settings["TTHC_DATA_DIR"] = folder.Path;
        var year = await second.CreateClient().GetFromJsonAsync<JsonElement>("/api/calendar/2027");

        Assert.Contains(year.GetProperty("holidays").EnumerateArray(), h => h.GetProperty("date").GetString() == "2027-03-01");
    }

    [Fact]
    public async Task A_replica_behind_another_ones_replacement_is_refused_and_catches_up()
    {
        using var folder = new SharedDataFolder();
        await using var behind = new CasesFactory();
        behind.Settings["TTHC_DATA_DIR"] = folder.Path;
        var behindClient = behind.CreateClient().WithToken("province"); // started before the other replica's replacement
        await using var other = new CasesFactory();
        other.Settings["TTHC_DATA_DIR"] = folder.Path;
        var schedule = new { year = 2027, swaps = new[] { new { off = "2027-03-01", worked = "2027-03-06" } } };
        (await other.CreateClient().WithToken("province").PutAsJsonAsync("/api/calendar/schedules/2027", schedule)).EnsureSuccessStatusCode();

        var refused = await behindClient.PutAsJsonAsync("/api/calendar/schedules/2027", schedule);
        var again = await behindClient.PutAsJsonAsync("/api/calendar/schedules/2027", schedule);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("schedule").GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("""{"year":2028}""", 400)]
    [InlineData("""{"year":2027,"nationalDayAdjacent":"2027-09-05"}""", 422)]
    [InlineData("""{"year":2027,"tet":["2027-02-06"]}""", 422)]
    [InlineData("""{"tet":[]}""", 400)]
    [InlineData("""not json""", 400)]
    public async Task A_bad_schedule_is_refused_with_a_problem(string body, int status)
    {
        var response = await factory.CreateClient().WithToken("province")
            .PutAsync("/api/calendar/schedules/2027", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_method_or_body_type_on_the_dossiers_address_is_a_405_or_415_and_an_unknown_grpc_service_unimplemented()
    {
        var client = factory.CreateClient().WithToken("officer", "000.00.31.H15");

        var delete = await client.DeleteAsync("/api/cases");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(["GET", "POST"], delete.Content.Headers.Allow.Order());
        var text = await client.PostAsync("/api/cases", new StringContent("a dossier", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);

        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        var invoker = channel.CreateCallInvoker();
        var nothing = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "tthc.nobody.v1.Nobody", "Call", nothing, nothing);
        var refused = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(method, null, new CallOptions(), []).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }

    [Fact]
    public async Task The_same_operations_answer_over_grpc()
    {
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        var client = new Contracts.Cases.V1.Calendar.CalendarClient(channel);

        var year = await client.GetYearAsync(new GetYearRequest { Year = 2026 });
        var lunar = await client.ToLunarAsync(new ToLunarRequest { Date = "2026-02-17" });
        var solar = await client.ToSolarAsync(new ToSolarRequest { LunarYear = 2026, LunarMonth = 3, LunarDay = 10 });
        var deadline = await client.ComputeDeadlineAsync(new ComputeDeadlineRequest { ReceivedAt = "2026-02-13T10:00:00+07:00", WorkingDays = 3 });
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.ToLunarAsync(new ToLunarRequest { Date = "yesterday" }).ResponseAsync);

        Assert.Contains(year.Holidays, h => h.Date == "2026-02-17" && h.Kind == "holiday");
        Assert.Equal("Bính Ngọ", lunar.CanChi);
        Assert.Equal("2026-04-26", solar.Date);
        Assert.Equal("2026-02-25T11:30:00.0000000+07:00", deadline.DueAt);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("date:", bad.Status.Detail);
    }

    [Theory]
    [InlineData("/api/calendar/solar?lunarYear=abc&lunarMonth=1&lunarDay=1", "lunarYear")]
    [InlineData("/api/calendar/solar?lunarYear=2026&lunarMonth=99999999999999999999&lunarDay=1", "lunarMonth")]
    [InlineData("/api/calendar/solar?lunarYear=2026&lunarMonth=1&lunarDay=1&leap=maybe", "leap")]
    public async Task A_value_that_does_not_parse_is_a_400_problem(string url, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Yêu cầu không hợp lệ / Bad request", problem.GetProperty("title").GetString());
        // In Development the binder throws, and the problem says which value did not parse.
        if (problem.TryGetProperty("detail", out var detail))
        {
            Assert.Contains(parameter, detail.GetString());
        }
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_not_a_500()
    {
        var province = factory.CreateClient().WithToken("province");

        var unterminated = await province.PutAsync("/api/calendar/schedules/2027", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        var deep = await province.PutAsync("/api/calendar/schedules/2027",
            new StringContent(new string('[', 5000) + new string(']', 5000), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (unterminated.StatusCode, deep.StatusCode));
    }
}
