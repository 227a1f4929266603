using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Documents;
using Tthc.Apologies.Domain;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.Apis;

/// <summary>
/// What the one-stop office does with an issued apology: records its delivery to the citizen (email, SMS and Zalo go
/// through Notifications), and prints the form.
/// </summary>
public static class ApologyDeliveryApi
{
    public static IEndpointRouteBuilder MapApologyDeliveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/apologies/{id:guid}")
            .WithTags("Apologies")
            .RequireAuthorization(TthcPolicies.Staff);

        api.MapPost("/deliveries", Deliver).WithName("DeliverApology").WithSummary("Record (and send) the delivery to the citizen");
        api.MapGet("/document.docx", Document).WithName("ApologyDocument").WithSummary("The form as a Word document");
        return app;
    }

    public static async Task<Results<Created<DeliveryView>, Accepted<DeliveryRequestView>, NotFound, ProblemHttpResult>> Deliver(
        Guid id, DeliveryRequest request, ClaimsPrincipal user, ApologiesDbContext db, EventPublisher events, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var channel = request.Channel?.Trim().ToLowerInvariant();
        if (channel is null || !ApologyDelivery.Channels.Contains(channel))
        {
            return ApologiesApi.Unprocessable(new() { ["channel"] = [$"Hình thức gửi không hợp lệ / channel must be one of: {string.Join(", ", ApologyDelivery.Channels)}."] });
        }

        var apology = await db.Apologies.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !ApologiesApi.MaySee(user, apology))
        {
            return TypedResults.NotFound();
        }

        if (apology.Status != ApologyStatus.Issued)
        {
            return ApologiesApi.Conflict("Chỉ gửi phiếu đã ký ban hành / only an issued apology can be delivered.");
        }

        var now = time.GetUtcNow();
        var actor = user.FindFirstValue(TthcClaims.Subject) ?? "unknown";
        if (channel is "email" or "sms" or "zalo")
        {
            // Notifications holds the citizen's contact and sends it, with retries; the delivery is recorded when it
            // tells that the notice went (notification.sent). Its status: GET /api/notifications?caseCode=.
            events.Publish(db, new ApologyDeliveryRequested
            {
                OccurredAt = now, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode, Channel = channel,
                Number = apology.NumberText!, NewAppointmentDate = apology.NewAppointmentDate!.Value, Reason = apology.Reason ?? "",
                UnitName = apology.Details?.UnitName, ReceivingUnitCode = apology.ReceivingUnitCode, RequestedBy = actor,
            });
            using (await db.WriteTurnAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return TypedResults.Accepted($"/api/notifications?caseCode={Uri.EscapeDataString(apology.CaseCode)}",
                new DeliveryRequestView(apology.Id, channel, "queued", now));
        }

        var delivery = new ApologyDelivery
        {
            ApologyId = apology.Id, Channel = channel, At = now, RecordedBy = actor,
            Note = request.Note is { Length: > 0 } note ? note[..Math.Min(note.Length, 500)] : null,
        };
        db.Deliveries.Add(delivery);
        events.Publish(db, new ApologyDelivered
        {
            OccurredAt = now, ApologyId = apology.Id, CaseCode = apology.CaseCode, UnitCode = apology.UnitCode, Channel = channel,
        });
        using (await db.WriteTurnAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Created($"/api/apologies/{apology.Id}", DeliveryView.From(delivery));
    }

    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> Document(
        Guid id, ClaimsPrincipal user, ApologiesDbContext db, IOptions<ApologiesOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var apology = await db.Apologies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (apology is null || !ApologiesApi.MaySee(user, apology))
        {
            return TypedResults.NotFound();
        }

        if (apology.Details is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "https://tthc.vn/problems/details-pending",
                detail: "Đang lấy thông tin hồ sơ từ hệ thống một cửa, vui lòng thử lại sau ít giây / the dossier's facts are still being fetched; retry in a few seconds.");
        }

        return TypedResults.File(ApologyDocument.Render(apology, options.Value, time.GetUtcNow()), ApologyDocument.ContentType,
            $"phieu-xin-loi-{apology.CaseCode}.docx");
    }
}

/// <summary>A delivery by email, SMS or Zalo handed to Notifications: recorded when it tells the notice went.</summary>
public sealed record DeliveryRequestView(Guid ApologyId, string Channel, string Status, DateTimeOffset RequestedAt);
