extern alias ReportingService;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Contracts.Reporting.V1;
using Tthc.Tests;
using ReportingDbContext = ReportingService::Tthc.Reporting.Data.ReportingDbContext;
using ReportingUnit = ReportingService::Tthc.Reporting.Domain.ReportingUnit;
using UnitDayCounter = ReportingService::Tthc.Reporting.Domain.UnitDayCounter;

namespace Tthc.Reporting.Tests;

public sealed class ReportingFactory : ServiceFactory<ReportingService::Program>
{
    public const string Unit = "000.00.15.H15";
    public const string OtherUnit = "000.00.16.H15";

    public async Task SeedAsync(params UnitDayCounter[] counters)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        db.Units.Add(new ReportingUnit { Code = Unit, Name = "Sở Xây dựng" });
        db.UnitDayCounters.AddRange(counters);
        await db.SaveChangesAsync();
    }
}

public sealed class ReportsApiTests
{
    // Quarter 1 of 2026 runs 2025-12-15 .. 2026-03-14.
    private static readonly UnitDayCounter[] Counters =
    [
        // Before the period: 5 received, 3 resolved → 2 carried over.
        new() { UnitCode = ReportingFactory.Unit, Day = new(2025, 12, 14), ReceivedCounter = 5, ResolvedOnTime = 3 },
        // Within: 4 online + 2 counter + 1 postal; 2 early, 1 on time, 1 late; 1 refused.
        new() { UnitCode = ReportingFactory.Unit, Day = new(2025, 12, 15), ReceivedOnline = 4, ResolvedEarly = 2 },
        new() { UnitCode = ReportingFactory.Unit, Day = new(2026, 3, 14), ReceivedCounter = 2, ReceivedPostal = 1, ResolvedOnTime = 1, ResolvedLate = 1, Refused = 1 },
        // After: ignored.
        new() { UnitCode = ReportingFactory.Unit, Day = new(2026, 3, 15), ReceivedOnline = 100 },
        new() { UnitCode = ReportingFactory.OtherUnit, Day = new(2026, 1, 5), ReceivedOnline = 1 },
    ];

    [Fact]
    public async Task A_quarter_report_sums_the_days_inside_its_official_cut_offs()
    {
        await using var factory = new ReportingFactory();
        await factory.SeedAsync(Counters);

        var report = await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=1");

        Assert.Equal("2025-12-15", report.GetProperty("period").GetProperty("start").GetString());
        Assert.Equal("2026-03-14", report.GetProperty("period").GetProperty("end").GetString());
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("unitCode").GetString() == ReportingFactory.Unit);
        Assert.Equal("Sở Xây dựng", row.GetProperty("unitName").GetString());
        Assert.Equal(2, row.GetProperty("carriedOver").GetInt64());
        Assert.Equal(4, row.GetProperty("receivedOnline").GetInt64());
        Assert.Equal(2, row.GetProperty("receivedCounter").GetInt64());
        Assert.Equal(1, row.GetProperty("receivedPostal").GetInt64());
        Assert.Equal(4, row.GetProperty("resolved").GetInt64());
        Assert.Equal(1, row.GetProperty("resolvedLate").GetInt64());
        Assert.Equal(1, row.GetProperty("refused").GetInt64());
        Assert.Equal(2 + 7 - 4 - 1, row.GetProperty("pending").GetInt64());
        // The province total adds the other unit's online dossier.
        Assert.Equal(5, report.GetProperty("total").GetProperty("receivedOnline").GetInt64());
    }

    [Fact]
    public async Task A_units_officer_gets_their_own_unit_and_nothing_else()
    {
        await using var factory = new ReportingFactory();
        await factory.SeedAsync(Counters);
        var client = factory.CreateClient().WithToken("officer", ReportingFactory.Unit);

        var own = await client.GetFromJsonAsync<JsonElement>("/api/reports/tthc?period=quarter&year=2026&number=1");
        var other = await client.GetAsync($"/api/reports/tthc?period=quarter&year=2026&number=1&unit={ReportingFactory.OtherUnit}");

        Assert.Equal([ReportingFactory.Unit], own.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("unitCode").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Theory]
    [InlineData("period=quarter&year=2026&number=7", "number")]
    [InlineData("period=fortnight&year=2026", "period")]
    [InlineData("year=2026", "period")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        await using var factory = new ReportingFactory();
        var response = await factory.CreateClient().WithToken("province").GetAsync($"/api/reports/tthc?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task A_citizen_gets_no_report()
    {
        await using var factory = new ReportingFactory();

        var response = await factory.CreateClient().WithToken("citizen").GetAsync("/api/reports/tthc?period=year&year=2026");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_gets_the_same_report_over_grpc()
    {
        await using var factory = new ReportingFactory();
        await factory.SeedAsync(Counters);
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        var client = new Contracts.Reporting.V1.Reporting.ReportingClient(channel.Intercept(m =>
        {
            m.Add("Authorization", $"Bearer {TestTokens.For("platform")}");
            return m;
        }));

        var report = await client.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2026, Number = 1, UnitCode = ReportingFactory.Unit });
        var bad = await Assert.ThrowsAsync<RpcException>(() =>
            client.GetReportAsync(new GetReportRequest { Period = "quarter", Year = 2026, Number = 9 }).ResponseAsync);

        Assert.Equal("2025-12-15", report.Period.Start);
        Assert.Equal(2, report.Rows.Single().CarriedOver);
        Assert.Equal(4, report.Total.Resolved);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }
}
