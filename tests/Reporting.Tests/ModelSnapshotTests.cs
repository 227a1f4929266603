extern alias ReportingService;
using ReportingService::Tthc.Reporting.Data;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Both_providers_migrations_hold_the_model() =>
        ModelSnapshots.AssertCurrent<ReportingDbContext, PostgresReportingDbContext>(options => new(options), options => new(options));
}
