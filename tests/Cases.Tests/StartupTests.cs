using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tthc.Cases.Tests;

public sealed class StartupTests(CasesFactory factory) : IClassFixture<CasesFactory>
{
    [Fact]
    public void DataProtection_does_not_read_a_key_ring_at_start() =>
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(),
            service => service.GetType().FullName == AuthenticationExtensions.KeyRingWarmUp);
}
