using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tthc.Feedback.Grpc;
using Tthc.Tests;

namespace Tthc.Feedback.Tests;

/// <summary>The Feedback service in process, with Cases played by <see cref="FakeCases"/>.</summary>
public sealed class FeedbackFactory : ServiceFactory<Program>
{
    public FakeCases Cases { get; } = new();

    public FeedbackFactory(DateTimeOffset clockStart) : base(clockStart) =>
        ConfigureServices = services => services.AddScoped<ICasesClient>(_ => Cases);
}

/// <summary>Cases as Feedback sees it: three units, the dossiers a test adds, one secret per dossier; or down.</summary>
public sealed class FakeCases : ICasesClient
{
    public const string Unit = "000.00.36.H15";
    public const string OtherUnit = "000.00.16.H15";

    public Dictionary<string, (CaseSummary Case, string Secret)> Dossiers { get; } = [];

    public bool Down { get; set; }

    public TimeSpan? LockedFor { get; set; }

    public Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(LockedFor is { } locked
            ? new SecretAnswer(false, locked)
            : new SecretAnswer(Dossiers.TryGetValue(caseCode, out var d) && d.Secret == secret, null));
    }

    public Task<CaseSummary?> GetAsync(string caseCode, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(Dossiers.TryGetValue(caseCode, out var d) ? d.Case : null);
    }

    public Task<IReadOnlyDictionary<string, string>> ListUnitsAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            [Unit] = "UBND huyện Krông Ana", [OtherUnit] = "Sở Tư pháp", ["000.00.00.H15"] = "UBND tỉnh Đắk Lắk",
        });
    }

    public void Add(string code, string status, string secret = "7KQ2M-XD94T") =>
        Dossiers[code] = (new CaseSummary(code, status, "000.00.01.H15", Unit, "1.001612", status == "Returned" ? new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(7)) : null), secret);

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Cases is down"));
        }
    }
}
