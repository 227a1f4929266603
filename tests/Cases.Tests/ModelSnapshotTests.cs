extern alias CasesService;
using CasesService::Tthc.Cases.Data;
using Tthc.Tests;

namespace Tthc.Cases.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Both_providers_migrations_hold_the_model() =>
        ModelSnapshots.AssertCurrent<CasesDbContext, PostgresCasesDbContext>(options => new(options), options => new(options));
}
