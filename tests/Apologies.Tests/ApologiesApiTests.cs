using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

public sealed class ApologiesApiTests
{
    [Fact]
    public async Task Without_a_token_the_list_is_a_401_problem()
    {
        await using var factory = new ApologiesFactory();

        var response = await factory.CreateClient().GetAsync("/api/apologies");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_officer_lists_their_units_apologies_filtered_by_status()
    {
        await using var factory = new ApologiesFactory();
        var draft = await factory.DraftAsync();
        await factory.AwaitingSignatureAsync();
        await factory.DraftAsync(ApologiesFactory.OtherUnit);

        var drafts = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit)
            .GetFromJsonAsync<JsonElement>("/api/apologies?status=draft");

        var only = Assert.Single(drafts.GetProperty("items").EnumerateArray());
        Assert.Equal(draft.Id, only.GetProperty("id").GetGuid());
        Assert.Equal("draft", only.GetProperty("status").GetString());
        Assert.Equal("Cấp giấy phép xây dựng nhà ở riêng lẻ", only.GetProperty("procedureName").GetString());
    }

    [Fact]
    public async Task Pages_follow_each_other_without_repeats()
    {
        await using var factory = new ApologiesFactory();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await factory.DraftAsync()).Id);
            factory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var client = factory.CreateClient().WithToken("leader", ApologiesFactory.Unit);
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/apologies?pageSize=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(ids.Order(), seen.Order());
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=99999999999999999999", "cursor")]
    [InlineData("cursor=9999999999999999999", "cursor")]
    public async Task Bad_list_parameters_are_a_400_naming_them(string query, string field)
    {
        await using var factory = new ApologiesFactory();

        var response = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).GetAsync($"/api/apologies?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Another_units_apology_is_not_found()
    {
        await using var factory = new ApologiesFactory();
        var theirs = await factory.DraftAsync(ApologiesFactory.OtherUnit);

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).GetAsync($"/api/apologies/{theirs.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Asking_for_another_units_list_is_forbidden()
    {
        await using var factory = new ApologiesFactory();

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).GetAsync($"/api/apologies?unit={ApologiesFactory.OtherUnit}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
