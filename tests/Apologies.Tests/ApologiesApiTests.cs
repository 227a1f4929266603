using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Apologies.Data;
using Tthc.Apologies.Domain;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

public sealed class ApologiesFactory : ServiceFactory<Program>
{
    public const string Unit = "000.00.15.H15";
    public const string OtherUnit = "000.00.16.H15";

    public async Task<Apology> AddAsync(string unit, ApologyStatus status, int? number = null)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApologiesDbContext>();
        var due = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var apology = new Apology
        {
            CaseCode = $"{unit}-260212-{Random.Shared.Next(1, 9999):D4}",
            UnitCode = unit,
            ProcedureCode = "1.009999",
            OriginalDueAt = due,
            DraftedAt = due.AddDays(-1),
            Status = status,
        };
        if (status == ApologyStatus.Issued)
        {
            apology.Number = number ?? 1;
            apology.Reason = "Hồ sơ cần xác minh thực địa";
            apology.NewAppointmentDate = new DateOnly(2026, 3, 9);
            apology.IssuedAt = due.AddHours(-20);
        }

        db.Apologies.Add(apology);
        await db.SaveChangesAsync();
        return apology;
    }
}

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
        var draft = await factory.AddAsync(ApologiesFactory.Unit, ApologyStatus.Draft);
        await factory.AddAsync(ApologiesFactory.Unit, ApologyStatus.Issued);
        await factory.AddAsync(ApologiesFactory.OtherUnit, ApologyStatus.Draft);

        var drafts = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit)
            .GetFromJsonAsync<JsonElement>("/api/apologies?status=draft");

        var only = Assert.Single(drafts.EnumerateArray());
        Assert.Equal(draft.Id, only.GetProperty("id").GetGuid());
        Assert.Equal("draft", only.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_status_is_a_400_naming_it()
    {
        await using var factory = new ApologiesFactory();

        var response = await factory.CreateClient().WithToken("leader", ApologiesFactory.Unit).GetAsync("/api/apologies?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Another_units_apology_is_not_found()
    {
        await using var factory = new ApologiesFactory();
        var theirs = await factory.AddAsync(ApologiesFactory.OtherUnit, ApologyStatus.Draft);

        var response = await factory.CreateClient().WithToken("officer", ApologiesFactory.Unit).GetAsync($"/api/apologies/{theirs.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_public_list_shows_issued_apologies_only_with_their_number_and_no_applicant()
    {
        await using var factory = new ApologiesFactory();
        var issued = await factory.AddAsync(ApologiesFactory.Unit, ApologyStatus.Issued, number: 7);
        await factory.AddAsync(ApologiesFactory.Unit, ApologyStatus.Draft);

        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/public/apologies?unit={ApologiesFactory.Unit}");

        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(issued.CaseCode, only.GetProperty("caseCode").GetString());
        Assert.Equal("7/PXL", only.GetProperty("number").GetString());
        Assert.Equal("2026-03-09", only.GetProperty("newAppointmentDate").GetString());
        Assert.False(only.TryGetProperty("id", out _));
        Assert.DoesNotContain(only.EnumerateObject(), p => p.Name.Contains("applicant", StringComparison.OrdinalIgnoreCase));
    }
}
