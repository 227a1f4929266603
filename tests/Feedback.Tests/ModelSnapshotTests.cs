using Tthc.Feedback.Data;
using Tthc.Tests;

namespace Tthc.Feedback.Tests;

public class ModelSnapshotTests
{
    [Fact]
    public void Both_providers_migrations_hold_the_model() =>
        ModelSnapshots.AssertCurrent<FeedbackDbContext, PostgresFeedbackDbContext>(options => new(options), options => new(options));
}
