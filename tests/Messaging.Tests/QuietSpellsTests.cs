using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tthc.Messaging.Tests;

/// <summary>When an idle process gives its heap back (<see cref="IdleMemoryTrimmer"/>).</summary>
public sealed class QuietSpellsTests
{
    [Fact]
    public void A_quiet_spell_is_trimmed_at_once_then_each_time_its_small_allocations_reach_the_second_threshold()
    {
        const long mib = 1024 * 1024;
        var spells = new QuietSpells(8 * mib, 4 * mib, allocatedAtStart: 100 * mib);

        Assert.True(spells.TrimNow(101 * mib));    // quiet since the start: trim
        Assert.False(spells.TrimNow(102 * mib));   // still quiet, 1 MiB since the trim
        Assert.False(spells.TrimNow(104 * mib));   // 3 MiB
        Assert.True(spells.TrimNow(105 * mib));    // 4 MiB since the trim, each interval quiet: trim again
        Assert.False(spells.TrimNow(106 * mib));
        Assert.True(spells.TrimNow(111 * mib));    // a quiet interval of 5 MiB is enough alone
        Assert.False(spells.TrimNow(200 * mib));   // busy
        Assert.False(spells.TrimNow(300 * mib));   // busy
        Assert.True(spells.TrimNow(301 * mib));    // quiet again: trim at once
        Assert.False(spells.TrimNow(302 * mib));
    }

    [Fact]
    public void An_idle_service_stays_within_a_few_MiB_of_its_trimmed_heap_however_long_it_idles()
    {
        // 50 KiB a second, looked at every 30 s for an hour: the most allocated since a trim, at any look.
        const long kib = 1024;
        var spells = new QuietSpells(8 * 1024 * kib, 4 * 1024 * kib, allocatedAtStart: 0);
        long allocated = 0, trimmedAt = 0, most = 0, trims = 0;
        for (var look = 1; look <= 120; look++)
        {
            allocated += 30 * 50 * kib;
            most = Math.Max(most, allocated - trimmedAt);
            if (spells.TrimNow(allocated))
            {
                trimmedAt = allocated;
                trims++;
            }
        }

        Assert.InRange(most, 4 * 1024 * kib, 6 * 1024 * kib);
        Assert.InRange(trims, 30, 45);
    }

    [Fact]
    public void A_process_busy_from_its_start_is_not_trimmed_until_it_quiets()
    {
        const long mib = 1024 * 1024;
        var spells = new QuietSpells(8 * mib, 4 * mib, allocatedAtStart: 0);
        Assert.False(spells.TrimNow(50 * mib));
        Assert.False(spells.TrimNow(90 * mib));
        Assert.True(spells.TrimNow(91 * mib));
    }

    [Fact]
    public void A_service_with_no_memory_settings_trims_every_30_seconds_of_quiet_under_8_MiB()
    {
        var settings = Settings([]);
        Assert.True(settings.TrimWhenIdle);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.IdleCheckInterval);
        Assert.Equal(8L * 1024 * 1024, settings.IdleAllocationBytes);
        Assert.Equal(2L * 1024 * 1024, settings.TrimAgainAfterBytes);
        Assert.False(Settings(new() { ["Memory:TrimWhenIdle"] = "false" }).TrimWhenIdle);
    }

    [Theory]
    [InlineData("Memory:IdleCheckInterval", "00:00:00", "IdleCheckInterval")]
    [InlineData("Memory:IdleCheckInterval", "2.00:00:00", "IdleCheckInterval")]
    [InlineData("Memory:IdleCheckInterval", "30s", "IdleCheckInterval")]
    [InlineData("Memory:IdleAllocationBytes", "0", "IdleAllocationBytes")]
    [InlineData("Memory:IdleAllocationBytes", "lots", "IdleAllocationBytes")]
    [InlineData("Memory:TrimAgainAfterBytes", "-1", "TrimAgainAfterBytes")]
    [InlineData("Memory:TrimWhenIdle", "maybe", "TrimWhenIdle")]
    public void A_bad_setting_stops_the_start_with_its_name(string key, string value, string named)
    {
        var error = Assert.ThrowsAny<Exception>(() => Settings(new() { [key] = value }));
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains(named, error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    /// <summary>The settings as a service reads them when it starts (what ValidateOnStart checks).</summary>
    private static IdleMemoryOptions Settings(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var services = new ServiceCollection().AddLogging().AddIdleMemoryTrimmer(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<IdleMemoryOptions>>().Value;
    }
}
