using Microsoft.Extensions.Hosting;

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
        Assert.False(spells.TrimNow(104 * mib));   // still quiet, 3 MiB since the trim
        Assert.False(spells.TrimNow(108 * mib));   // 7 MiB
        Assert.True(spells.TrimNow(111 * mib));    // 10 MiB since the trim, each interval quiet: trim again
        spells.Restart(111 * mib);
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
}
