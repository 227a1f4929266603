using Tthc.Apologies.Data;
using Tthc.Tests;

namespace Tthc.Apologies.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Both_providers_migrations_hold_the_model() =>
        ModelSnapshots.AssertCurrent<ApologiesDbContext, PostgresApologiesDbContext>(options => new(options), options => new(options));
}
