using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tthc.Apologies.Data;
using Tthc.Apologies.Documents;
using Tthc.Apologies.Domain;
using Tthc.Apologies.Notifications;
using Tthc.Contracts.IntegrationEvents;
using Tthc.Database;
using Tthc.Messaging;

namespace Tthc.Apologies.Apis;

/// <summary>
/// What the one-stop office does with an issued apology: records its delivery to the citizen (and sends it by email,
/// SMS or Zalo), and prints the form.
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

    public static async Task<Results<Created<DeliveryView>, NotFound, ProblemHttpResult>> Deliver(
        Guid id, DeliveryRequest request, ClaimsPrincipal user, ApologiesDbContext db, EventPublisher events, IApologyNotifier notifier,
        TimeProvider time, CancellationToken cancellationToken)
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
        if (channel is "email" or "sms" or "zalo")
        {
            var recipient = channel == "email" ? apology.Details?.ApplicantEmail : apology.Details?.ApplicantPhone;
            if (recipient is null)
            {
                return ApologiesApi.Unprocessable(new() { ["channel"] = [channel == "email"
                    ? "Hồ sơ không có địa chỉ thư điện tử / the dossier has no email address."
                    : "Hồ sơ không có số điện thoại / the dossier has no phone number."] });
            }

            try
            {
                await notifier.SendAsync(Notice(apology, channel, recipient), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The mail or SMS gateway failed: nothing is recorded, the officer can retry or deliver another way.
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "https://tthc.vn/problems/notification-failed",
                    detail: $"Không gửi được qua {channel}, vui lòng thử lại hoặc chọn hình thức khác / sending by {channel} failed; retry or deliver another way.");
            }
        }

        var delivery = new ApologyDelivery
        {
            ApologyId = apology.Id, Channel = channel, At = now, RecordedBy = user.FindFirstValue(TthcClaims.Subject) ?? "unknown",
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

    private static CitizenNotice Notice(Apology apology, string channel, string recipient)
    {
        var date = apology.NewAppointmentDate!.Value;
        var unit = apology.Details?.UnitName ?? apology.UnitCode;
        var body = $"Kính gửi {apology.Details?.Addressee}. {unit} xin lỗi vì chưa trả kết quả hồ sơ {apology.CaseCode} đúng hẹn. " +
                   $"Lý do: {apology.Reason} Ngày hẹn trả kết quả mới: {date:dd'/'MM'/'yyyy}. Phiếu xin lỗi số {apology.NumberText}.";
        return new CitizenNotice(channel, recipient, $"Phiếu xin lỗi về hồ sơ {apology.CaseCode}", body);
    }
}
