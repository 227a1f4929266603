using Microsoft.EntityFrameworkCore;
using Tthc.Calendar;
using Tthc.Contracts;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Messaging;
using Tthc.Reporting.Data;
using Tthc.Reporting.Domain;

namespace Tthc.Reporting.IntegrationEvents;

/// <summary>
/// Each petition event sets what it knows on the petition's fact. Where a later step moves something an earlier one
/// set (a forward moves the unit and the deadlines, information received moves the answer's deadline), the later
/// event wins whatever the order of arrival.
/// </summary>
public sealed class PetitionHandlers(ReportingDbContext db) :
    IIntegrationEventHandler<PetitionReceived>,
    IIntegrationEventHandler<PetitionClassified>,
    IIntegrationEventHandler<PetitionInfoRequested>,
    IIntegrationEventHandler<PetitionInfoReceived>,
    IIntegrationEventHandler<PetitionAnswered>,
    IIntegrationEventHandler<PetitionPublished>
{
    public Task HandleAsync(PetitionReceived e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, latest) =>
        {
            (f.Kind, f.Channel, f.CaseCode) = (e.Kind, e.Channel, e.CaseCode);
            f.ReceivedAt ??= e.ReceivedAt;
            if (latest)
            {
                (f.ClassifyDueAt, f.AnswerDueAt) = (e.ClassifyDueAt, e.AnswerDueAt);
            }
        }, cancellationToken);

    public Task HandleAsync(PetitionClassified e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, latest) =>
        {
            if (!latest)
            {
                // Overtaken by a later step (the answer came first): the acceptance still happened.
                if (e.Decision != "forward" && f.ClassifiedAt is null)
                {
                    (f.Decision, f.ClassifiedAt) = (e.Decision, e.OccurredAt);
                }

                return;
            }

            f.Decision = e.Decision;
            if (e.Decision == "forward")
            {
                // The competent unit receives it now, with deadlines of its own.
                (f.ReceivedAt, f.ClassifiedAt, f.ClassifyDueAt, f.AnswerDueAt) = (e.OccurredAt, null, e.ClassifyDueAt, e.AnswerDueAt);
            }
            else
            {
                f.ClassifiedAt = e.OccurredAt;
                f.AnswerDueAt = e.AnswerDueAt ?? f.AnswerDueAt;
            }
        }, cancellationToken);

    public Task HandleAsync(PetitionInfoRequested e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, latest) => f.PausedAt = latest ? e.OccurredAt : f.PausedAt, cancellationToken);

    public Task HandleAsync(PetitionInfoReceived e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, latest) =>
        {
            if (latest)
            {
                (f.AnswerDueAt, f.PausedAt) = (e.AnswerDueAt, null);
            }
        }, cancellationToken);

    public Task HandleAsync(PetitionAnswered e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, _) => (f.AnsweredAt, f.AnswerDueAt, f.PublishDueAt, f.PausedAt) = (e.AnsweredAt, e.AnswerDueAt, e.PublishDueAt, null), cancellationToken);

    public Task HandleAsync(PetitionPublished e, CancellationToken cancellationToken) =>
        ChangeAsync(e, (f, _) => (f.PublishedAt, f.PublishDueAt) = (e.PublishedAt, e.PublishDueAt), cancellationToken);

    /// <summary>Applies a change; <c>latest</c> tells whether the event is the newest the fact has seen (the unit follows it).</summary>
    private async Task ChangeAsync(PetitionEvent e, Action<PetitionFact, bool> change, CancellationToken cancellationToken)
    {
        var fact = db.Petitions.Local.FirstOrDefault(p => p.Code == e.PetitionCode)
            ?? await db.Petitions.FirstOrDefaultAsync(p => p.Code == e.PetitionCode, cancellationToken);
        if (fact is null)
        {
            fact = new PetitionFact { Code = e.PetitionCode };
            db.Petitions.Add(fact);
        }

        var latest = e.OccurredAt >= fact.LastEventAt;
        if (latest)
        {
            fact.UnitCode = e.UnitCode;
            fact.LastEventAt = e.OccurredAt;
        }

        change(fact, latest);
    }
}

/// <summary>
/// A dossier's rating: the day counters of its unit take back the rating it replaces and add the new one, in one upsert
/// per row that only adds (replicas writing the same day never lose each other's ratings); an older revision arriving
/// after a newer one changes nothing.
/// </summary>
public sealed class RatingHandler(ReportingDbContext db) : IIntegrationEventHandler<CaseRated>
{
    public async Task HandleAsync(CaseRated e, CancellationToken cancellationToken)
    {
        if (e.Criteria.Count != SatisfactionCriteria.Count)
        {
            return;
        }

        var known = db.Ratings.Local.FirstOrDefault(r => r.CaseCode == e.CaseCode)
            ?? await db.Ratings.FirstOrDefaultAsync(r => r.CaseCode == e.CaseCode, cancellationToken);
        if (known is not null && known.Revision >= e.Revision)
        {
            return;
        }

        if (known is not null)
        {
            await AddAsync(known.UnitCode, known.Day, Parse(known.Criteria), known.Verdict, -1, cancellationToken);
        }
        else
        {
            known = new SatisfactionRating { CaseCode = e.CaseCode, UnitCode = e.UnitCode, Day = default, Criteria = "", Verdict = "" };
            db.Ratings.Add(known);
        }

        (known.UnitCode, known.Day, known.Criteria, known.Verdict, known.Revision) =
            (e.UnitCode, VietnamTime.DateOf(e.RatedAt), string.Join(',', e.Criteria), e.Verdict, e.Revision);
        await AddAsync(known.UnitCode, known.Day, e.Criteria, e.Verdict, +1, cancellationToken);
    }

    private static int[] Parse(string criteria) => [.. criteria.Split(',').Select(int.Parse)];

    private Task AddAsync(string unit, DateOnly day, IReadOnlyList<int> c, string verdict, int sign, CancellationToken cancellationToken)
    {
        long veryS = verdict == "very-satisfied" ? sign : 0, s = verdict == "satisfied" ? sign : 0, d = verdict == "dissatisfied" ? sign : 0;
        long c1 = sign * c[0], c2 = sign * c[1], c3 = sign * c[2], c4 = sign * c[3], c5 = sign * c[4], c6 = sign * c[5], c7 = sign * c[6], c8 = sign * c[7], c9 = sign * c[8];
        long count = sign;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO satisfaction_days ("UnitCode", "Day", "Ratings", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "VerySatisfied", "Satisfied", "Dissatisfied")
            VALUES ({unit}, {day}, {count}, {c1}, {c2}, {c3}, {c4}, {c5}, {c6}, {c7}, {c8}, {c9}, {veryS}, {s}, {d})
            ON CONFLICT ("UnitCode", "Day") DO UPDATE SET
                "Ratings" = satisfaction_days."Ratings" + excluded."Ratings",
                "C1" = satisfaction_days."C1" + excluded."C1", "C2" = satisfaction_days."C2" + excluded."C2",
                "C3" = satisfaction_days."C3" + excluded."C3", "C4" = satisfaction_days."C4" + excluded."C4",
                "C5" = satisfaction_days."C5" + excluded."C5", "C6" = satisfaction_days."C6" + excluded."C6",
                "C7" = satisfaction_days."C7" + excluded."C7", "C8" = satisfaction_days."C8" + excluded."C8",
                "C9" = satisfaction_days."C9" + excluded."C9",
                "VerySatisfied" = satisfaction_days."VerySatisfied" + excluded."VerySatisfied",
                "Satisfied" = satisfaction_days."Satisfied" + excluded."Satisfied",
                "Dissatisfied" = satisfaction_days."Dissatisfied" + excluded."Dissatisfied"
            """, cancellationToken);
    }
}
