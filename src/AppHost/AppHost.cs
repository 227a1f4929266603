using Tthc.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Data: one SQLite file per service in one folder, or a PostgreSQL database each (Database:Provider=postgres, with
// replicas); secrets: the key that signs and checks every token, generated on a developer's first run and kept in the
// AppHost's user secrets, so tokens outlive a restart.
var data = builder.AddTthcDataDirectory();
var databases = Databases.Add(builder, data);
var jwtSigningKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

// Services. Subscribers come first: each publisher is told who subscribes to its events (the direct transport
// posts to them; with Dapr the sidecar does).
var reporting = builder.AddProject<Projects.Reporting>("reporting")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithDatabase(databases);

// Notifications: notices to citizens by email, SMS and Zalo. In the default run its mail server is smtp4dev, whose
// web page (linked on the dashboard) shows every mail Tthc sends; Notifications:Smtp:Host names a real one instead.
var notifications = builder.AddProject<Projects.Notifications>("notifications")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithDatabase(databases)
    .WithMailServer(builder);

var cases = builder.AddProject<Projects.Cases>("cases")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithDatabase(databases);

var apologies = builder.AddProject<Projects.Apologies>("apologies")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithDatabase(databases)
    .WithReference(cases).WaitFor(cases)
    .WithEventSubscribers(reporting, notifications);

// Feedback: petitions and ratings; it asks Cases about dossiers and units, and hears when a dossier is returned.
var feedback = builder.AddProject<Projects.Feedback>("feedback")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithDatabase(databases)
    .WithReference(cases).WaitFor(cases)
    .WithEventSubscribers(reporting, notifications);

cases.WithEventSubscribers(reporting, apologies, feedback, notifications);

// Apologies records the deliveries Notifications made.
notifications.WithEventSubscribers(apologies);

// Reporting asks Cases for the unit tree, and both for their history when it rebuilds its read model (no WaitFor:
// events wait in the publishers' outboxes, and the questions are retried).
reporting.WithReference(cases).WithReference(apologies);

// Gateway: the only resource reachable from outside.
var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithReference(cases).WaitFor(cases)
    .WithReference(apologies).WaitFor(apologies)
    .WithReference(reporting).WaitFor(reporting)
    .WithReference(feedback).WaitFor(feedback)
    .WithReference(notifications).WaitFor(notifications)
    .WithExternalHttpEndpoints()
    .WithOwnPublishedPorts();
if (databases.Replicas > 1)
{
    gateway.WithPooledBackends("cases", "apologies", "reporting", "feedback", "notifications");
}

// Web: the citizen portal (/) and the officer console (/console), behind the gateway like every client; it reads and
// writes through the gateway with the signed-in person's token. The gateway sends it every path no API claims.
var web = builder.AddProject<Projects.Web>("web")
    .WithTthcServiceDefaults(data, jwtSigningKey)
    .WithReference(gateway).WaitFor(gateway);
gateway.WithReference(web);

// Public pages link to themselves (the Atom feed's links) by the address citizens use: the gateway's, not the service's.
apologies.WithEnvironment("Apologies__PublicBaseUrl", gateway.GetEndpoint("http"));
cases.WithEnvironment("Intake__PublicBaseUrl", gateway.GetEndpoint("http"));
feedback.WithEnvironment("Feedback__PublicBaseUrl", gateway.GetEndpoint("http"));
notifications.WithEnvironment("Notifications__PublicBaseUrl", gateway.GetEndpoint("http"));

builder.Build().Run();
