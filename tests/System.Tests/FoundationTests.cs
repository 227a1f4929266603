using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Contracts.Cases.V1;
using Tthc.Contracts.Reporting.V1;

namespace Tthc.System.Tests;

/// <summary>The walking skeleton, end to end: every service reached through the gateway, over REST and gRPC.</summary>
[Collection(TthcAppCollection.Name)]
public sealed class FoundationTests(TthcApp tthc)
{
    private const string Unit = "000.00.15.H15";

    [Fact]
    public async Task Every_resource_is_healthy_and_the_gateway_says_so()
    {
        foreach (var resource in TthcApp.Resources)
        {
            Assert.NotEmpty(tthc.InstancesOf(resource));
            Assert.All(tthc.InstancesOf(resource), instance => Assert.True(tthc.IsHealthy(instance), instance));
        }

        Assert.Equal("Healthy", await tthc.Gateway().GetStringAsync("/health"));
    }

    [Fact]
    public void Every_process_starts_from_its_build_not_through_dotnet_run()
    {
        // dotnet run evaluated each project in MSBuild before starting it (≈ 13 s of an app's start here) and stayed
        // behind as its parent (≈ 140 MiB each).
        var projects = tthc.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(TthcApp.Resources.Length, projects.Count);
        Assert.All(projects, project =>
        {
            var program = project.Annotations.OfType<ExecutableAnnotation>().LastOrDefault();
            Assert.True(program is not null && File.Exists(program.Command), $"{project.Name}: {program?.Command ?? "dotnet run"}");
            Assert.Equal(Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath), program!.WorkingDirectory); // appsettings.json as before
        });
    }

    [Fact]
    public async Task Dossiers_need_a_token_and_an_officer_gets_their_list()
    {
        var anonymous = await tthc.Gateway().GetAsync("/api/cases");
        var officer = await (await tthc.GatewayAsAsync("officer", Unit)).GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, officer.StatusCode);
        var page = await officer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task Apologies_and_reports_are_routed_to_their_services()
    {
        var client = await tthc.GatewayAsAsync("province");

        var apologies = await client.GetFromJsonAsync<JsonElement>("/api/apologies");
        var report = await client.GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=1");
        var publicClient = tthc.Gateway();
        publicClient.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var published = await publicClient.GetFromJsonAsync<JsonElement>($"/public/apologies?unit={Unit}");
        var page = await tthc.Gateway().GetAsync($"/public/apologies?unit={Unit}");

        Assert.Equal(JsonValueKind.Array, apologies.GetProperty("items").ValueKind);
        Assert.Equal("2025-12-15", report.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal(JsonValueKind.Array, published.ValueKind);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_service_error_comes_back_through_the_gateway_as_the_services_problem()
    {
        var client = await tthc.GatewayAsAsync("province");

        var response = await client.GetAsync("/api/reports/tthc?period=quarter&year=2026&number=9");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("number", out _));
    }

    [Fact]
    public async Task The_platform_reaches_both_grpc_services_through_the_gateway()
    {
        var token = await tthc.DevTokenAsync("platform");
        using var channel = GrpcChannel.ForAddress(tthc.GatewayGrpc);
        var headers = new Metadata { { "Authorization", $"Bearer {token}" } };

        // A dossier received at a commune only this test uses, then listed for that unit over gRPC.
        const string commune = "000.33.01.H15";
        var received = await (await tthc.GatewayAsAsync("officer", commune)).PostAsJsonAsync("/api/cases", new
        {
            procedureCode = "2.000635", unitCode = commune, channel = "counter", applicant = new { fullName = "Y Bih Niê" }, components = new[] { "to-khai" },
        });
        var code = (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        var cases = await new Contracts.Cases.V1.Cases.CasesClient(channel)
            .ListCasesAsync(new ListCasesRequest { UnitCode = commune, PageSize = 10 }, headers);
        var report = await new Contracts.Reporting.V1.Reporting.ReportingClient(channel)
            .GetReportAsync(new GetReportRequest { Period = "year", Year = 2026 }, headers);

        var listed = Assert.Single(cases.Cases, c => c.Code == code);
        Assert.Equal(("2.000635", "counter"), (listed.ProcedureCode, listed.Channel));
        Assert.Equal("2025-12-15", report.Period.Start);
        Assert.Equal("2026-12-14", report.Period.End);
    }

    [Fact]
    public async Task Grpc_without_a_token_is_unauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(tthc.GatewayGrpc);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            new Contracts.Cases.V1.Cases.CasesClient(channel).GetCaseAsync(new GetCaseRequest { Code = "x" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
