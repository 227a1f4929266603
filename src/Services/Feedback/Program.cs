using Tthc.Feedback.Apis;
using Tthc.Feedback.Data;
using Tthc.Feedback.Extensions;
using Tthc.Messaging;

// The slim host (no IIS integration, HTTP/3 or HTTPS endpoints): a service is reached over plain HTTP inside the
// deployment, through the gateway or from another service.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceApiDefaults();
app.MapDefaultEndpoints();

app.MapEventSubscriptions<FeedbackDbContext>();
app.MapPetitionsApi();
app.MapPublicFeedbackApi();
app.MapRatingsApi();
app.MapOutboxAdmin<FeedbackDbContext>("/api/feedback", TthcPolicies.Province);

app.Run();
