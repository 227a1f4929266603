using Tthc.Notifications.Data;
using Tthc.Tests;

namespace Tthc.Notifications.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Both_providers_migrations_hold_the_model() =>
        ModelSnapshots.AssertCurrent<NotificationsDbContext, PostgresNotificationsDbContext>(options => new(options), options => new(options));
}
