using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Tthc.Database;

namespace Tthc.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Messaging for a service whose events are written to the outbox of <typeparamref name="TContext"/>: the
    /// publisher, the relay with the transport chosen by <c>Messaging:Transport</c>, the metrics, and a health check
    /// that turns Degraded when the relay is stuck. Subscribing needs only <see cref="AddMessagingBasics"/> and
    /// handlers.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.AddMessagingBasics();
        builder.Services.TryAddSingleton<EventPublisher>();
        builder.Services.AddSingleton<OutboxSignal>();

        var transport = builder.Configuration[$"{MessagingOptions.SectionName}:Transport"] ?? "direct";
        if (string.Equals(transport, "dapr", StringComparison.OrdinalIgnoreCase))
        {
            AddDaprTransport(builder.Services);
        }
        else if (string.Equals(transport, "direct", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddHttpClient(DirectTransport.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
            builder.Services.AddSingleton<IEventTransport, DirectTransport>();
        }
        else
        {
            throw new InvalidOperationException($"Messaging:Transport must be 'direct' or 'dapr', not '{transport}'.");
        }

        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck<TContext>>("outbox", HealthStatus.Degraded);
        return builder;
    }

    /// <summary>
    /// The Dapr client and transport, in a method of its own: compiled only when called, so a service on the direct
    /// transport (the default) does not load the Dapr client's assemblies.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddDaprTransport(IServiceCollection services)
    {
        services.AddDaprClient();
        services.AddSingleton<IEventTransport, DaprTransport>();
    }

    /// <summary>Options and metrics, which publishers and subscribers both use.</summary>
    public static IHostApplicationBuilder AddMessagingBasics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.SectionName));
        builder.Services.TryAddSingleton<MessagingMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
