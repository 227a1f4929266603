using Tthc.Messaging;
using Tthc.Notifications.Apis;
using Tthc.Notifications.Data;
using Tthc.Notifications.Domain;
using Tthc.Notifications.Extensions;

// The slim host (no IIS integration, HTTP/3 or HTTPS endpoints): a service is reached over plain HTTP inside the
// deployment, through the gateway or from another service.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// A template a province changed and broke stops the service here, with the reason, not at the first notice.
app.Services.GetRequiredService<NoticeTemplates>();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapEventSubscriptions<NotificationsDbContext>();
app.MapNotificationsApi();
app.MapOptOutApi();
app.MapOutboxAdmin<NotificationsDbContext>("/api/notifications", TthcPolicies.Province);

app.Run();
