using System.Text.Json;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;

namespace Tthc.Messaging.Tests;

/// <summary>The case terms are enums in code and the same words on the wire as before: a subscriber on an older version reads them.</summary>
public sealed class CaseTermsWireTests
{
    [Fact]
    public void Timeliness_and_channels_travel_as_their_words()
    {
        var decided = CloudEvent.From(new CaseDecided
        {
            OccurredAt = DateTimeOffset.UnixEpoch, CaseCode = "000.00.15.H15-260101-0001", UnitCode = "000.00.15.H15",
            ResponsibleUnitCode = "000.00.15.H15", DecidedAt = DateTimeOffset.UnixEpoch, DueAt = DateTimeOffset.UnixEpoch, Timeliness = Timeliness.OnTime, WorkingDaysLate = 0,
        }, "tthc/cases");
        var returned = CloudEvent.From(new CaseReturned
        {
            OccurredAt = DateTimeOffset.UnixEpoch, CaseCode = "000.00.15.H15-260101-0001", UnitCode = "000.00.15.H15", Channel = IntakeChannel.Postal,
        }, "tthc/cases");

        Assert.Equal("on-time", decided.Data.GetProperty("timeliness").GetString());
        Assert.Equal("postal", returned.Data.GetProperty("channel").GetString());
        var read = JsonSerializer.Deserialize<CaseDecided>(decided.Data.GetRawText().Replace("on-time", "late"), CloudEvent.Json)!;
        Assert.Equal(Timeliness.Late, read.Timeliness);
    }

    [Theory]
    [InlineData("counter", true)]
    [InlineData("postal", true)]
    [InlineData("Counter", false)]
    [InlineData("post", false)]
    [InlineData(null, false)]
    public void Only_the_three_words_are_channels(string? text, bool known) =>
        Assert.Equal(known, CaseTerms.TryParseChannel(text, out _));
}
