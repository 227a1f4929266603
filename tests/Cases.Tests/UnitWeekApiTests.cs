using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

/// <summary>
/// A unit's own week: the Department of Transport opens its one-stop office on Saturdays (rests on Sunday only). Its
/// dossiers, and its sub-units' that set nothing of their own, count on that week; the New Year 2026 swap does not bind it.
/// </summary>
public sealed class UnitWeekApiTests
{
    private const string Department = "000.00.14.H15"; // driving-licence exchange, 1.002804: 5 working days
    private const string SubUnit = "000.14.01.H15";
    private static readonly DateTimeOffset NewYearsEve = new(2025, 12, 31, 9, 0, 0, TimeSpan.FromHours(7));

    private static object Import(string procedureCode, string unitCode) => new
    {
        procedureCode,
        unitCode,
        channel = "counter",
        applicant = new { fullName = "Phạm Thị Dung", phone = "0912345678" },
        components = new[] { "don", "gplx", "giay-kham" },
        receivedAt = NewYearsEve,
    };

    private static async Task<DateTimeOffset> ImportedDueAtAsync(HttpClient province, string procedureCode, string unitCode)
    {
        var response = await province.PostAsJsonAsync("/api/cases/import", Import(procedureCode, unitCode));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueAt").GetDateTimeOffset();
    }

    [Fact]
    public async Task A_sunday_only_units_deadlines_use_its_own_week_and_its_sub_units_inherit_it()
    {
        await using var factory = new CasesFactory();
        var province = factory.CreateClient().WithToken("province");

        // On the civil service's week: 1 Jan holiday, 2 Jan swapped off, weekend; Mon 5 … Fri 9 January.
        Assert.Equal(new DateTimeOffset(2026, 1, 9, 11, 30, 0, TimeSpan.FromHours(7)), await ImportedDueAtAsync(province, "1.002804", Department));

        var changed = await province.PutAsJsonAsync($"/api/units/{Department}", new
        {
            name = "Sở Giao thông vận tải", kind = "department", parentCode = "000.00.00.H15", restDays = new[] { "Sunday" }, officeHours = "07:00-11:30,13:00-17:00",
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var unit = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/units/{Department}");
        Assert.Equal(["sunday"], unit.GetProperty("restDays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("07:00-11:30,13:00-17:00", unit.GetProperty("officeHours").GetString());

        // Its own week: 1 Jan holiday; Fri 2, Sat 3, Mon 5, Tue 6, Wed 7 January — end of the morning (11:30).
        Assert.Equal(new DateTimeOffset(2026, 1, 7, 11, 30, 0, TimeSpan.FromHours(7)), await ImportedDueAtAsync(province, "1.002804", Department));

        // A sub-unit that sets nothing inherits it, for a procedure it decides.
        Assert.Equal(HttpStatusCode.Created, (await province.PutAsJsonAsync($"/api/units/{SubUnit}", new
        {
            name = "Phòng Quản lý phương tiện và người lái", kind = "department", parentCode = Department,
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await province.PutAsJsonAsync("/api/procedures/1.999002", new
        {
            name = "Đổi giấy phép lái xe (phòng)", field = "Đường bộ", level = "province", processingDays = 5, sameDay = false, unitCode = SubUnit,
            components = new[]
            {
                new { id = "don", name = "Đơn đề nghị", required = true }, new { id = "gplx", name = "Giấy phép lái xe", required = true },
                new { id = "giay-kham", name = "Giấy khám sức khỏe", required = true },
            },
            fee = 0m, supplementRule = "restart",
        })).StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 1, 7, 11, 30, 0, TimeSpan.FromHours(7)), await ImportedDueAtAsync(province, "1.999002", Department));
    }

    [Theory]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","restDays":["funday"]}""", "restDays")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","restDays":["sunday","Sunday"]}""", "restDays")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","restDays":["0"]}""", "restDays")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","restDays":["monday,saturday"]}""", "restDays")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","restDays":[]}""", "restDays")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","officeHours":"13:00-17:00,07:00-11:00"}""", "officeHours")]
    [InlineData("""{"name":"Sở X","kind":"department","parentCode":"000.00.00.H15","officeHours":"cả ngày"}""", "officeHours")]
    public async Task A_bad_week_is_a_422_naming_the_field(string body, string field)
    {
        await using var factory = new CasesFactory();

        var response = await factory.CreateClient().WithToken("province")
            .PutAsync("/api/units/000.00.98.H15", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_schedule_swapping_away_a_holiday_is_refused()
    {
        await using var factory = new CasesFactory();

        var response = await factory.CreateClient().WithToken("province").PutAsJsonAsync("/api/calendar/schedules/2027", new
        {
            year = 2027,
            swaps = new[] { new { off = "2027-09-02", worked = "2027-08-28" } },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already a holiday", await response.Content.ReadAsStringAsync());
    }
}
