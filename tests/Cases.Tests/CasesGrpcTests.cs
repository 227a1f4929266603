using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Tthc.Contracts.Cases.V1;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public sealed class CasesGrpcTests
{
    internal static Contracts.Cases.V1.Cases.CasesClient Client(CasesFactory factory, string role, string? unit = null)
    {
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = factory.Server.CreateHandler(),
        });
        return new Contracts.Cases.V1.Cases.CasesClient(channel.Intercept(metadata =>
        {
            metadata.Add("Authorization", $"Bearer {TestTokens.For(role, unit)}");
            return metadata;
        }));
    }

    [Fact]
    public async Task The_platform_gets_a_dossier_by_code()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];

        var reply = await Client(factory, "platform").GetCaseAsync(new GetCaseRequest { Code = code });

        Assert.Equal(code, reply.Code);
        Assert.Equal(CasesFactory.Unit, reply.UnitCode);
        Assert.Equal("counter", reply.Channel);
        Assert.Null(reply.Applicant); // statistics need no personal data (Decree 13/2023)
    }

    [Fact]
    public async Task Another_service_gets_the_forms_facts_including_the_applicant_and_names()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];

        var reply = await Client(factory, "service").GetCaseAsync(new GetCaseRequest { Code = code });

        Assert.False(string.IsNullOrEmpty(reply.Applicant.FullName));
        Assert.False(string.IsNullOrEmpty(reply.ProcedureName));
        Assert.False(string.IsNullOrEmpty(reply.UnitName));
        Assert.False(string.IsNullOrEmpty(reply.ResponsibleUnitCode));
    }

    [Fact]
    public async Task Rescheduling_over_grpc_works_once_then_fails_its_precondition()
    {
        await using var factory = new CasesFactory();
        var code = (await factory.SeedAsync(CasesFactory.Unit, 1))[0];
        var client = Client(factory, "service");
        var date = factory.WorkingDayAfterToday(5);

        var request = new RescheduleCaseRequest { Code = code, NewAppointmentDate = date.ToString("yyyy-MM-dd"), ApologyNumber = "3/PXL" };
        var moved = await client.RescheduleCaseAsync(request);
        var again = await Assert.ThrowsAsync<RpcException>(() => client.RescheduleCaseAsync(request).ResponseAsync);
        var weekend = await Assert.ThrowsAsync<RpcException>(() =>
            client.RescheduleCaseAsync(new RescheduleCaseRequest { Code = code, NewAppointmentDate = "2020-01-01" }).ResponseAsync);
        var citizen = await Assert.ThrowsAsync<RpcException>(() => Client(factory, "citizen").RescheduleCaseAsync(request).ResponseAsync);
        var officer = await Assert.ThrowsAsync<RpcException>(() => Client(factory, "officer", CasesFactory.Unit).RescheduleCaseAsync(request).ResponseAsync);

        Assert.Equal(date, DateOnly.FromDateTime(moved.RescheduledTo.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(7)).DateTime));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, weekend.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, citizen.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, officer.StatusCode); // an officer reschedules by issuing an apology
        var history = await factory.CreateClient().WithToken("province").GetStringAsync($"/api/cases/{code}/history");
        Assert.Contains("3/PXL", history);
    }

    [Fact]
    public async Task An_unknown_code_is_not_found()
    {
        await using var factory = new CasesFactory();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(factory, "platform").GetCaseAsync(new GetCaseRequest { Code = "nope" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Listing_pages_by_token()
    {
        await using var factory = new CasesFactory();
        await factory.SeedAsync(CasesFactory.Unit, 3);
        var client = Client(factory, "officer", CasesFactory.Unit);

        var first = await client.ListCasesAsync(new ListCasesRequest { PageSize = 2 });
        var second = await client.ListCasesAsync(new ListCasesRequest { PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(2, first.Cases.Count);
        Assert.Single(second.Cases);
        Assert.Equal("", second.NextPageToken);
    }

    [Fact]
    public async Task A_bad_page_size_is_an_invalid_argument()
    {
        await using var factory = new CasesFactory();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(factory, "platform").ListCasesAsync(new ListCasesRequest { PageSize = 500 }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task The_platform_watches_every_change_in_order_and_resumes_from_its_cursor()
    {
        await using var factory = new CasesFactory();
        var officer = factory.CreateClient().WithToken("officer", "000.00.31.H15");
        var codes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await officer.PostAsJsonAsync("/api/cases", new
            {
                procedureCode = "1.009994", unitCode = "000.00.31.H15", channel = "counter",
                applicant = new { fullName = "Nguyễn Văn An" }, components = new[] { "don", "gcn-dat", "ban-ve" },
            });
            codes.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!);
        }

        await officer.PostAsync($"/api/cases/{codes[0]}/decide", null);
        var client = Client(factory, "platform");

        var all = await ReadAsync(client, cursor: 0, count: 3);
        Assert.Equal([(codes[0], "received"), (codes[1], "received"), (codes[0], "decided")], all.Select(c => (c.Case.Code, c.Action)));
        Assert.Equal("Decided", all[2].Case.Status);

        // Resumed after the second change: the third, then — live — a change made while the stream is open.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = client.WatchCases(new WatchCasesRequest { Cursor = all[1].Cursor }, cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(all[2].Cursor, call.ResponseStream.Current.Cursor);
        var next = call.ResponseStream.MoveNext(cancel.Token);
        await officer.PostAsync($"/api/cases/{codes[1]}/decide", null);
        await MoveClockUntilAsync(factory, next);
        Assert.True(await next);
        Assert.Equal((codes[1], "decided"), (call.ResponseStream.Current.Case.Code, call.ResponseStream.Current.Action));
        Assert.True(call.ResponseStream.Current.Cursor > all[2].Cursor);
    }

    /// <summary>The watch polls on the service's clock: move it a second at a time until the read completes (at most 100 s of it).</summary>
    private static async Task MoveClockUntilAsync(CasesFactory factory, Task read)
    {
        for (var step = 0; !read.IsCompleted && step < 100; step++)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(read, Task.Delay(50));
        }

        await read;
    }

    private static async Task<List<CaseChange>> ReadAsync(Contracts.Cases.V1.Cases.CasesClient client, long cursor, int count)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = client.WatchCases(new WatchCasesRequest { Cursor = cursor }, cancellationToken: cancel.Token);
        var changes = new List<CaseChange>();
        while (changes.Count < count && await call.ResponseStream.MoveNext(cancel.Token))
        {
            changes.Add(call.ResponseStream.Current);
        }

        return changes;
    }

    [Fact]
    public async Task A_citizen_is_refused()
    {
        await using var factory = new CasesFactory();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(factory, "citizen").ListCasesAsync(new ListCasesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
