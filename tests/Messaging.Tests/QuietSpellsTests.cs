using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tthc.Messaging.Tests;

/// <summary>When an idle process gives its heap back (<see cref="IdleMemoryTrimmer"/>).</summary>
public sealed class QuietSpellsTests
{
    [Fact]
    public void A_quiet_spell_is_trimmed_at_once_then_only_as_its_small_allocations_add_up()
    {
        const long mib = 1024 * 1024;
        var spells = new QuietSpells(8 * mib, allocatedAtStart: 100 * mib);

        Assert.True(spells.TrimNow(101 * mib));    // quiet since the start: trim
        spells.Restart(101 * mib);
        for (var at = 105; at <= 161; at += 4)
        {
            Assert.False(spells.TrimNow(at * mib)); // still quiet, up to 60 MiB since the trim
        }

        Assert.True(spells.TrimNow(165 * mib));    // 64 MiB since the trim, each interval quiet: trim again
        spells.Restart(165 * mib);
        Assert.False(spells.TrimNow(200 * mib));   // busy
        Assert.False(spells.TrimNow(300 * mib));   // busy
        Assert.True(spells.TrimNow(301 * mib));    // quiet again: trim at once
        Assert.False(spells.TrimNow(302 * mib));
    }

    [Fact]
    public void A_process_busy_from_its_start_is_not_trimmed_until_it_quiets()
    {
        const long mib = 1024 * 1024;
        var spells = new QuietSpells(8 * mib, allocatedAtStart: 0);
        Assert.False(spells.TrimNow(50 * mib));
        Assert.False(spells.TrimNow(90 * mib));
        Assert.True(spells.TrimNow(91 * mib));
    }

    [Theory]
    [InlineData("maybe", "30s", "lots")]
    [InlineData("true", "0", "-1")]
    [InlineData("true", "-00:00:05", "0")]
    [InlineData("true", "99999999999999", "1")]
    public async Task Settings_that_do_not_parse_or_are_out_of_range_are_logged_and_the_service_goes_on(string trim, string interval, string bytes)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Memory:TrimWhenIdle"] = trim,
            ["Memory:IdleCheckInterval"] = interval,
            ["Memory:IdleAllocationBytes"] = bytes,
        }).Build();
        var trimmer = new IdleMemoryTrimmer(configuration, NullLogger<IdleMemoryTrimmer>.Instance);
        await trimmer.StartAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(trimmer.ExecuteTask!.IsFaulted, trimmer.ExecuteTask.Exception?.ToString());
        await trimmer.StopAsync(CancellationToken.None);
        Assert.True(trimmer.ExecuteTask.IsCompletedSuccessfully);
    }
}
