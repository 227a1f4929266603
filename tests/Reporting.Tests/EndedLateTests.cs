using System.Net.Http.Json;
using System.Text.Json;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Tests;

namespace Tthc.Reporting.Tests;

/// <summary>
/// A dossier that was overdue stays late however it ends: withdrawn after its appointment (no apology) and refused after
/// it (apology issued the day before the appointment) count in the late split of March 2026; one stopped before its
/// appointment does not. Figures worked out by hand.
/// </summary>
public sealed class EndedLateTests
{
    private const string Unit = ReportingFactory.Unit;

    private static DateTimeOffset Vn(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(7));

    private static CaseReceived Received(string code, DateTimeOffset due) => new()
    {
        OccurredAt = Vn(3, 2), CaseCode = code, UnitCode = ReportingFactory.Receiving, ResponsibleUnitCode = Unit, ProcedureCode = "1.009972",
        Channel = Tthc.Contracts.IntakeChannel.Counter, ReceivedAt = Vn(3, 2), DueAt = due,
    };

    private static async Task<ReportingFactory> ScriptedAsync()
    {
        var factory = new ReportingFactory(Vn(4, 15));
        await factory.SeedUnitsAsync();
        await factory.DeliverAsync(
        [
            Received("w1", Vn(3, 10, 17)),
            new CaseWithdrawn { OccurredAt = Vn(3, 20), CaseCode = "w1", UnitCode = ReportingFactory.Receiving, Reason = "Công dân rút hồ sơ" },
            Received("r1", Vn(3, 10, 17)),
            new ApologyIssued
            {
                OccurredAt = Vn(3, 9), ApologyId = Guid.NewGuid(), CaseCode = "r1", UnitCode = Unit, Number = "01/PXL",
                NewAppointmentDate = new DateOnly(2026, 3, 24), IssuedLate = false, OriginalDueAt = Vn(3, 10, 17),
            },
            new CaseRefused { OccurredAt = Vn(3, 20), CaseCode = "r1", UnitCode = ReportingFactory.Receiving, Reason = "Không đủ điều kiện" },
            Received("s1", Vn(3, 25, 17)),
            new CaseStopped { OccurredAt = Vn(3, 20), CaseCode = "s1", UnitCode = ReportingFactory.Receiving, Reason = "Công dân đề nghị dừng" },
        ]);
        return factory;
    }

    private static async Task<Dictionary<string, long>> RowAsync(HttpClient client, string query)
    {
        var row = (await client.GetFromJsonAsync<JsonElement>($"/api/reports/tthc?{query}&unit={Unit}")).GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("unitCode").GetString() == Unit);
        string[] columns = ["resolvedLate", "pending", "pendingOverdue", "lateWithApology", "lateWithoutApology", "refused", "stopped", "withdrawn"];
        return columns.ToDictionary(c => c, c => row.GetProperty(c).GetInt64());
    }

    [Fact]
    public async Task An_overdue_dossier_withdrawn_or_refused_stays_in_the_late_figures()
    {
        await using var factory = await ScriptedAsync();
        var client = factory.CreateClient().WithToken("province");

        // Calendar March: all three ended; w1 and r1 after their appointment (10 March), s1 before its own (25 March).
        Assert.Equal(new Dictionary<string, long>
        {
            ["resolvedLate"] = 0, ["pending"] = 0, ["pendingOverdue"] = 0, ["lateWithApology"] = 1, ["lateWithoutApology"] = 1,
            ["refused"] = 1, ["stopped"] = 1, ["withdrawn"] = 1,
        }, await RowAsync(client, "period=calendar-month&year=2026&number=3"));

        // Official March (15 February – 14 March): at its end both were still open and overdue, r1 with its apology.
        Assert.Equal(new Dictionary<string, long>
        {
            ["resolvedLate"] = 0, ["pending"] = 3, ["pendingOverdue"] = 2, ["lateWithApology"] = 1, ["lateWithoutApology"] = 1,
            ["refused"] = 0, ["stopped"] = 0, ["withdrawn"] = 0,
        }, await RowAsync(client, "period=month&year=2026&number=3"));
    }

    [Fact]
    public async Task The_compliance_list_names_the_unit_for_the_withdrawn_dossier_without_apology()
    {
        await using var factory = await ScriptedAsync();

        var compliance = await factory.CreateClient().WithToken("province")
            .GetFromJsonAsync<JsonElement>("/api/reports/compliance?period=calendar-month&year=2026&number=3");

        var unit = Assert.Single(compliance.GetProperty("units").EnumerateArray());
        Assert.Equal(Unit, unit.GetProperty("unitCode").GetString());
        Assert.Equal(["w1"], unit.GetProperty("caseCodes").EnumerateArray().Select(c => c.GetString()));
    }
}
