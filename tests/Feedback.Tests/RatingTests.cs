using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Tests;

namespace Tthc.Feedback.Tests;

/// <summary>A returned dossier rated with its secret; changed within the week; not before its return; never by staff.</summary>
public sealed class RatingTests
{
    private const string Code = "000.00.36.H15-261120-0001";
    private const string Secret = "7KQ2M-XD94T";

    private static readonly object Rating = new { criteria = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2 }, verdict = "very-satisfied" };

    [Fact]
    public async Task A_rating_is_given_once_changed_within_the_week_then_closed()
    {
        await using var factory = new FeedbackFactory(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)));
        var citizen = factory.CreateClient();
        factory.Cases.Add(Code, "Decided");
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating)).StatusCode);

        factory.Cases.Add(Code, "Returned");
        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromDays(6));
        var changed = await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating", new { criteria = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, verdict = "satisfied", secret = Secret });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((9, 2), (view.GetProperty("total").GetInt32(), view.GetProperty("revision").GetInt32()));
        factory.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating)).StatusCode);

        // The unit's officers see it; another unit's do not.
        var ratings = await factory.CreateClient().WithToken("officer", FakeCases.Unit).GetFromJsonAsync<JsonElement>("/api/feedback/ratings");
        Assert.Equal(Code, ratings.EnumerateArray().Single().GetProperty("caseCode").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().WithToken("officer", FakeCases.Unit).GetAsync($"/api/feedback/ratings?unit={FakeCases.OtherUnit}")).StatusCode);
    }

    [Fact]
    public async Task Wrong_secret_locked_lookup_staff_and_bad_bodies_are_refused()
    {
        await using var factory = new FeedbackFactory(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(7)));
        var citizen = factory.CreateClient();
        factory.Cases.Add(Code, "Returned");
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret=AAAAA-AAAAA", Rating)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating", Rating)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().WithToken("officer", FakeCases.Unit).PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", new { criteria = new[] { 2, 2, 2, 2, 2, 2, 2, 2 }, verdict = "satisfied" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", new { criteria = new[] { 2, 2, 2, 2, 2, 2, 2, 2, 2 }, verdict = "ok", channel = "fax" })).StatusCode);

        factory.Cases.LockedFor = TimeSpan.FromMinutes(2);
        var locked = await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("120", locked.Headers.RetryAfter!.ToString());
        factory.Cases.Down = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await citizen.PostAsJsonAsync($"/public/cases/{Code}/rating?secret={Secret}", Rating)).StatusCode);
    }
}
