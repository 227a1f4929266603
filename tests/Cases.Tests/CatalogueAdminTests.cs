using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public sealed class CatalogueAdminTests
{
    private static object Procedure(double days = 7, bool sameDay = false, string unitCode = "000.00.15.H15") => new
    {
        name = "Cấp giấy phép kinh doanh karaoke",
        field = "Văn hóa",
        level = "province",
        processingDays = days,
        sameDay,
        unitCode,
        components = new[]
        {
            new { id = "don", name = "Đơn đề nghị", required = true },
            new { id = "ban-ve", name = "Bản vẽ phòng hát", required = false },
        },
        fee = 2_000_000m,
        supplementRule = "pause",
    };

    [Fact]
    public async Task The_provincial_office_adds_a_procedure_and_the_counter_can_receive_it_at_once()
    {
        await using var factory = new CasesFactory();
        var province = factory.CreateClient().WithToken("province");

        var created = await province.PutAsJsonAsync("/api/procedures/1.999001", Procedure());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/procedures/1.999001");
        Assert.Equal("pause", read.GetProperty("supplementRule").GetString());
        Assert.Equal(2, read.GetProperty("components").GetArrayLength());

        // The catalogue is cached for intake: the change is seen by the next receipt, not a minute later.
        var intake = await factory.CreateClient().WithToken("officer", "000.00.15.H15").PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.999001", unitCode = "000.00.15.H15", channel = "counter",
            applicant = new { fullName = "Lê Văn Cường" }, components = new[] { "don" },
        });
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        Assert.Equal("7 ngày làm việc", (await intake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetProperty("statutoryTime").GetString());

        var changed = await province.PutAsJsonAsync("/api/procedures/1.999001", Procedure(days: 5));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var again = await factory.CreateClient().WithToken("officer", "000.00.15.H15").PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "1.999001", unitCode = "000.00.15.H15", channel = "counter",
            applicant = new { fullName = "Lê Văn Cường" }, components = new[] { "don" },
        });
        Assert.Equal("5 ngày làm việc", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetProperty("statutoryTime").GetString());
    }

    [Fact]
    public async Task Only_the_provincial_office_changes_the_catalogue()
    {
        await using var factory = new CasesFactory();

        Assert.Equal(HttpStatusCode.Forbidden,
            (await factory.CreateClient().WithToken("officer", "000.00.15.H15").PutAsJsonAsync("/api/procedures/1.999002", Procedure())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await factory.CreateClient().PutAsJsonAsync("/api/units/000.00.99.H15", new { name = "Sở Mới", kind = "department", parentCode = "000.00.00.H15" })).StatusCode);
    }

    [Fact]
    public async Task A_bad_procedure_is_refused_with_every_fault_listed()
    {
        await using var factory = new CasesFactory();
        var province = factory.CreateClient().WithToken("province");

        var response = await province.PutAsJsonAsync("/api/procedures/1.999003", new
        {
            name = "", field = "Văn hóa", level = "ward", processingDays = 2.3, sameDay = false, unitCode = "000.99.99.H15",
            components = new[] { new { id = "don", name = "Đơn", required = true }, new { id = "don", name = "Đơn nữa", required = false } },
            fee = -1m, supplementRule = "forget",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "level", "processingDays", "unitCode", "components", "fee", "supplementRule" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} should be reported");
        }

        var sameDayWithDays = await province.PutAsJsonAsync("/api/procedures/1.999003", Procedure(days: 2, sameDay: true));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sameDayWithDays.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/api/procedures/1.999003")).StatusCode);
    }

    [Fact]
    public async Task Units_are_added_under_a_parent_and_never_under_themselves()
    {
        await using var factory = new CasesFactory();
        var province = factory.CreateClient().WithToken("province");

        var added = await province.PutAsJsonAsync("/api/units/000.00.99.H15", new { name = "Sở Khoa học và Công nghệ", kind = "department", parentCode = "000.00.00.H15" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var child = await province.PutAsJsonAsync("/api/units/000.99.01.H15", new { name = "Trung tâm Thông tin", kind = "department", parentCode = "000.00.99.H15" });
        Assert.Equal(HttpStatusCode.Created, child.StatusCode);

        // Moving the department under its own sub-unit would make the tree a loop.
        var loop = await province.PutAsJsonAsync("/api/units/000.00.99.H15", new { name = "Sở Khoa học và Công nghệ", kind = "department", parentCode = "000.99.01.H15" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, loop.StatusCode);
        var unknownParent = await province.PutAsJsonAsync("/api/units/000.00.98.H15", new { name = "Sở X", kind = "department", parentCode = "000.00.77.H15" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownParent.StatusCode);

        var renamed = await province.PutAsJsonAsync("/api/units/000.00.99.H15", new { name = "Sở KH&CN", kind = "department", parentCode = "000.00.00.H15" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var read = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/units/000.00.99.H15");
        Assert.Equal("Sở KH&CN", read.GetProperty("name").GetString());
    }
}
