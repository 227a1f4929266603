using System.Net;
using Grpc.Core;
using Tthc.Contracts.Cases.V1;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

/// <summary>
/// Every operation on a dossier, tried by staff of another unit and by roles that may not use it: a 404 or 403 problem,
/// never the dossier, and nothing changed.
/// </summary>
public sealed class UnitScopeTests : IAsyncLifetime
{
    private readonly CasesFactory _factory = new();
    private string _code = "";

    public async Task InitializeAsync() => _code = (await _factory.SeedAsync(CasesFactory.Unit, 1))[0];

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public static TheoryData<string, string, string?> Operations() => new()
    {
        { "GET", "", null },
        { "GET", "/history", null },
        { "GET", "/deadline", null },
        { "GET", "/control-slip", null },
        { "POST", "/decide", null },
        { "POST", "/return", """{"channel":"counter"}""" },
        { "POST", "/refuse", """{"reason":"Không thuộc thẩm quyền"}""" },
        { "POST", "/stop", """{"reason":"Công dân đề nghị dừng"}""" },
        { "POST", "/withdraw", """{"reason":"Công dân rút hồ sơ","requestNumber":"01/ĐN","requestDate":"2026-02-12"}""" },
        { "POST", "/reschedule", """{"newAppointmentDate":"2030-03-04","apologyNumber":"01/PXL"}""" },
        { "POST", "/transfer", """{"toUnitCode":"000.00.16.H15"}""" },
        { "POST", "/supplement-request", """{"missing":["Bản vẽ"]}""" },
        { "POST", "/supplement-received", null },
    };

    private async Task<HttpResponseMessage> SendAsync(string role, string? unit, string method, string suffix, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/cases/{_code}{suffix}");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        return await _factory.CreateClient().WithToken(role, unit).SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Staff_of_another_unit_get_a_404_and_change_nothing(string method, string suffix, string? body)
    {
        foreach (var role in new[] { "officer", "leader" })
        {
            var response = await SendAsync(role, CasesFactory.OtherUnit, method, suffix, body);

            // Not found — or, for the reschedule only Apologies may ask, forbidden: never the dossier.
            Assert.Equal(suffix == "/reschedule" ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Nguyễn Văn A", await response.Content.ReadAsStringAsync());
        }

        var stored = await _factory.StoredAsync(_code);
        Assert.Equal(("Received", 0), (stored.Status.ToString(), stored.Version));
        Assert.Empty(await _factory.OutboxTypesAsync(_code));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_citizen_and_the_data_platform_may_not_use_the_officers_api(string method, string suffix, string? body)
    {
        foreach (var role in new[] { "citizen", "platform" })
        {
            var response = await SendAsync(role, null, method, suffix, body);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync($"/api/cases/{_code}")).StatusCode);
        Assert.Empty(await _factory.OutboxTypesAsync(_code));
    }

    [Fact]
    public async Task Lists_and_the_board_of_another_unit_do_not_show_the_dossier()
    {
        var other = _factory.CreateClient().WithToken("officer", CasesFactory.OtherUnit);

        var list = await other.GetStringAsync("/api/cases");
        var board = await other.GetStringAsync("/api/cases/board");
        var own = await _factory.CreateClient().WithToken("officer", CasesFactory.Unit).GetStringAsync("/api/cases");

        Assert.DoesNotContain(_code, list);
        Assert.DoesNotContain(CasesFactory.Unit, board);
        Assert.Contains(_code, own); // the same query sees it from its own unit: the test can fail
    }

    private Contracts.Cases.V1.Cases.CasesClient Grpc(string role, string? unit) => CasesGrpcTests.Client(_factory, role, unit);

    [Fact]
    public async Task Over_grpc_another_units_staff_find_nothing_and_a_citizen_is_refused()
    {
        var other = Grpc("officer", CasesFactory.OtherUnit);

        var get = await Assert.ThrowsAsync<RpcException>(() => other.GetCaseAsync(new GetCaseRequest { Code = _code }).ResponseAsync);
        var reschedule = await Assert.ThrowsAsync<RpcException>(() => // only Apologies (role service) reschedules
            other.RescheduleCaseAsync(new RescheduleCaseRequest { Code = _code, NewAppointmentDate = _factory.WorkingDayAfterToday(5).ToString("yyyy-MM-dd") }).ResponseAsync);
        var list = await other.ListCasesAsync(new ListCasesRequest());
        var citizen = await Assert.ThrowsAsync<RpcException>(() => Grpc("citizen", null).GetCaseAsync(new GetCaseRequest { Code = _code }).ResponseAsync);
        var watch = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var stream = Grpc("officer", CasesFactory.Unit).WatchCases(new WatchCasesRequest { UntilNow = true });
            await stream.ResponseStream.MoveNext();
        });

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, reschedule.StatusCode);
        Assert.DoesNotContain(list.Cases, c => c.Code == _code);
        Assert.Equal(StatusCode.PermissionDenied, citizen.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, watch.StatusCode);
        Assert.Equal(0, (await _factory.StoredAsync(_code)).Version);
    }
}

/// <summary>The deciding unit's staff see a dossier another unit received for them, over REST and gRPC alike.</summary>
public sealed class DecidingUnitAccessTests
{
    [Fact]
    public async Task The_deciding_unit_reads_a_dossier_the_one_stop_office_received_for_it()
    {
        await using var factory = new CasesFactory();
        // The provincial one-stop centre receives a construction permit the Department of Construction decides.
        var code = await factory.ReceiveAsync("000.00.01.H15", "1.009972", "don", "gcn-dat", "thiet-ke", "ket-qua-tham-dinh");

        var rest = await factory.CreateClient().WithToken("officer", "000.00.15.H15").GetAsync($"/api/cases/{code}");
        var grpc = await CasesGrpcTests.Client(factory, "officer", "000.00.15.H15").GetCaseAsync(new GetCaseRequest { Code = code });
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            CasesGrpcTests.Client(factory, "officer", "000.00.16.H15").GetCaseAsync(new GetCaseRequest { Code = code }).ResponseAsync);

        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal(("000.00.01.H15", "000.00.15.H15"), (grpc.UnitCode, grpc.ResponsibleUnitCode));
        Assert.Equal(StatusCode.NotFound, stranger.StatusCode);
    }
}
