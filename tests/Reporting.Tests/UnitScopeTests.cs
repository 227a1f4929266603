extern alias ReportingService;

using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Contracts.Reporting.V1;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

/// <summary>Reports of another unit, and the operations a role may not use: 403, never figures.</summary>
public sealed class UnitScopeTests
{
    [Theory]
    [InlineData("officer", "/api/reports/tthc?period=year&year=2026&unit=000.00.16.H15")]
    [InlineData("leader", "/api/reports/tthc?period=year&year=2026&unit=000.00.16.H15&format=csv")]
    [InlineData("officer", "/api/reports/summary?unit=000.00.16.H15")]
    [InlineData("officer", "/api/reports/compliance?period=year&year=2026")]
    [InlineData("leader", "/api/reports/compliance?period=year&year=2026")]
    [InlineData("citizen", "/api/reports/tthc?period=year&year=2026")]
    [InlineData("citizen", "/api/reports/summary")]
    [InlineData("platform", "/api/reports/admin/rebuild")]
    [InlineData("officer", "/api/reports/admin/rebuild")]
    public async Task Another_units_figures_and_operations_beyond_the_role_are_forbidden(string role, string path)
    {
        await using var factory = new ReportingFactory();
        await factory.SeedUnitsAsync();
        var client = factory.CreateClient().WithToken(role, role is "officer" or "leader" ? ReportingFactory.Unit : null);

        var response = path.Contains("rebuild") ? await client.PostAsync(path, null) : await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_officer_gets_their_own_units_report_so_the_refusals_are_about_scope()
    {
        await using var factory = new ReportingFactory();
        await factory.SeedUnitsAsync();

        var own = await factory.CreateClient().WithToken("officer", ReportingFactory.Unit).GetAsync($"/api/reports/summary?unit={ReportingFactory.Unit}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData("officer")]
    [InlineData("leader")]
    [InlineData("citizen")]
    public async Task Over_grpc_only_the_platform_and_the_province_are_served(string role)
    {
        await using var factory = new ReportingFactory();
        var client = factory.Grpc(role, role == "citizen" ? null : ReportingFactory.Unit);

        var report = await Assert.ThrowsAsync<RpcException>(() => client.GetReportAsync(new GetReportRequest { Period = "year", Year = 2026 }).ResponseAsync);
        var compliance = await Assert.ThrowsAsync<RpcException>(() => client.GetComplianceAsync(new GetComplianceRequest { Period = "year", Year = 2026 }).ResponseAsync);
        var facts = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var stream = client.StreamFacts(new StreamFactsRequest { UntilNow = true });
            await stream.ResponseStream.MoveNext();
        });

        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], new[] { report.StatusCode, compliance.StatusCode, facts.StatusCode });
    }
}

/// <summary>Exports open in spreadsheets: a cell that would run as a formula is written as text.</summary>
public sealed class ExportSafetyTests
{
    [Fact]
    public async Task A_unit_name_that_looks_like_a_formula_is_written_as_text_in_the_csv()
    {
        await using var factory = new ReportingFactory();
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReportingService::Tthc.Reporting.Data.ReportingDbContext>();
            db.Units.Add(new ReportingService::Tthc.Reporting.Domain.ReportingUnit { Code = "000.00.99.H15", Name = "=HYPERLINK(\"http://x\",\"Sở\")", Kind = "department" });
            await db.SaveChangesAsync();
        }

        var csv = await factory.CreateClient().WithToken("province").GetStringAsync("/api/reports/tthc?period=year&year=2026&unit=000.00.99.H15&format=csv");

        var line = csv.Split('\n').Single(l => l.StartsWith("000.00.99.H15", StringComparison.Ordinal));
        Assert.StartsWith("000.00.99.H15,\"'=HYPERLINK(", line);
    }
}
