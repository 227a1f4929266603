using Tthc.Feedback.Apis;
using Tthc.Feedback.Data;
using Tthc.Feedback.Extensions;
using Tthc.Messaging;

var builder = WebApplication.CreateBuilder(args);

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
