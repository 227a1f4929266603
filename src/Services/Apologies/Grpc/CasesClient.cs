using Tthc.Contracts;
using Grpc.Core;
using Tthc.Apologies.Domain;
using Tthc.Contracts.Cases.V1;

namespace Tthc.Apologies.Grpc;

/// <summary>The two questions Apologies asks Cases: what the form needs to say, and to move the appointment once.</summary>
public interface ICasesClient
{
    /// <summary>The dossier's facts for the form, or null when Cases has no such dossier.</summary>
    Task<CaseFacts?> GetAsync(string caseCode, CancellationToken cancellationToken);

    Task<RescheduleOutcome> RescheduleAsync(string caseCode, DateOnly newAppointmentDate, string apologyNumber, CancellationToken cancellationToken);

    /// <summary>Whether the citizen's lookup secret is the dossier's: Cases keeps the secrets and counts the wrong ones.</summary>
    Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken);
}

/// <param name="Right">The secret is the dossier's.</param>
/// <param name="RetryAfter">Set when the dossier's lookup is shut after too many wrong secrets.</param>
public sealed record SecretAnswer(bool Right, TimeSpan? RetryAfter);

/// <summary>A dossier as Apologies sees it.</summary>
/// <param name="Status">Cases' status name, e.g. <c>InProgress</c>, <c>Decided</c>.</param>
/// <param name="Timeliness">Once decided.</param>
public sealed record CaseFacts(
    CaseDetails Details, string ReceivingUnitCode, string ResponsibleUnitCode, string ProcedureCode, DateTimeOffset DueAt,
    string Status, Timeliness? Timeliness, bool IsOpen, DateOnly? RescheduledTo);

public enum RescheduleResult
{
    Done,

    /// <summary>Cases will not: already moved, no longer open, or the date is not acceptable.</summary>
    Refused,
}

public sealed record RescheduleOutcome(RescheduleResult Result, string Note);

/// <summary><see cref="ICasesClient"/> over <c>tthc.cases.v1.Cases</c>, signed with a service token.</summary>
public sealed class GrpcCasesClient(Contracts.Cases.V1.Cases.CasesClient client) : ICasesClient
{
    private static readonly string[] OpenStatuses = ["Received", "InProgress", "AwaitingSupplement"];

    public async Task<CaseFacts?> GetAsync(string caseCode, CancellationToken cancellationToken)
    {
        try
        {
            var c = await client.GetCaseAsync(new GetCaseRequest { Code = caseCode }, cancellationToken: cancellationToken);
            return ToFacts(c);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<RescheduleOutcome> RescheduleAsync(string caseCode, DateOnly newAppointmentDate, string apologyNumber, CancellationToken cancellationToken)
    {
        try
        {
            var c = await client.RescheduleCaseAsync(new RescheduleCaseRequest
            {
                Code = caseCode,
                NewAppointmentDate = newAppointmentDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ApologyNumber = apologyNumber,
            }, cancellationToken: cancellationToken);
            return new RescheduleOutcome(RescheduleResult.Done, $"Cases moved the appointment to {c.RescheduledTo?.ToDateTimeOffset():O}.");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            // A retry after a lost answer finds its own earlier success: the dossier already carries our date.
            var facts = await GetAsync(caseCode, cancellationToken);
            return facts?.RescheduledTo == newAppointmentDate
                ? new RescheduleOutcome(RescheduleResult.Done, "Cases already carries this new appointment date.")
                : new RescheduleOutcome(RescheduleResult.Refused, ex.Status.Detail);
        }
    }

    public async Task<SecretAnswer> CheckLookupSecretAsync(string caseCode, string secret, CancellationToken cancellationToken)
    {
        var answer = await client.CheckLookupSecretAsync(new CheckLookupSecretRequest { Code = caseCode, Secret = secret }, cancellationToken: cancellationToken);
        return new SecretAnswer(
            answer.Verdict == LookupVerdict.Right,
            answer.Verdict == LookupVerdict.Locked ? TimeSpan.FromSeconds(answer.RetryAfterSeconds) : null);
    }

    private static CaseFacts ToFacts(Case c)
    {
        var details = new CaseDetails
        {
            ApplicantName = c.Applicant?.FullName ?? "",
            ApplicantIdNumber = Blank(c.Applicant?.IdNumber),
            ApplicantIsOrganisation = c.Applicant?.Organisation ?? false,
            ApplicantAddress = Blank(c.Applicant?.Address),
            ProcedureName = c.ProcedureName,
            UnitName = c.ResponsibleUnitName.Length > 0 ? c.ResponsibleUnitName : c.UnitName,
            ReceivingUnitName = c.UnitName,
            ReceivedAt = c.ReceivedAt.ToDateTimeOffset(),
        };
        DateOnly? rescheduledTo = c.RescheduledTo is null
            ? null
            : Calendar.VietnamTime.DateOf(c.RescheduledTo.ToDateTimeOffset());
        return new CaseFacts(details, c.UnitCode, c.ResponsibleUnitCode.Length > 0 ? c.ResponsibleUnitCode : c.UnitCode, c.ProcedureCode,
            c.DueAt.ToDateTimeOffset(), c.Status, CaseTerms.ParseTimeliness(c.Timeliness), OpenStatuses.Contains(c.Status), rescheduledTo);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
