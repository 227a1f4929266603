using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Tthc.Contracts.Cases.V1;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public sealed class CasesGrpcTests
{
    private static Contracts.Cases.V1.Cases.CasesClient Client(CasesFactory factory, string role, string? unit = null)
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
    public async Task A_citizen_is_refused()
    {
        await using var factory = new CasesFactory();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client(factory, "citizen").ListCasesAsync(new ListCasesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
