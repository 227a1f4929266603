using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace Tthc.Messaging.Tests;

/// <summary>
/// There is no Dapr runtime here: the <c>dapr</c> transport is checked against a fake of the sidecar's gRPC API
/// (<c>dapr.proto.runtime.v1.Dapr/PublishEvent</c>), which records what a real sidecar would receive.
/// </summary>
public sealed class DaprTransportContractTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<PublishEventRequest> _published = new();
    private WebApplication _sidecar = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _sidecar = builder.Build();
        _sidecar.MapPost("/dapr.proto.runtime.v1.Dapr/PublishEvent", async http =>
        {
            // One gRPC message: a 5-byte prefix (compressed flag, big-endian length), then the protobuf.
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var frame = body.ToArray();
            var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4));
            _published.Enqueue(PublishEventRequest.Parser.ParseFrom(frame, 5, length));

            http.Response.ContentType = "application/grpc";
            await http.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 0 }); // google.protobuf.Empty
            http.Response.AppendTrailer("grpc-status", "0");
        });
        await _sidecar.StartAsync();
    }

    public async Task DisposeAsync() => await _sidecar.DisposeAsync();

    [Fact]
    public async Task An_outbox_message_reaches_the_sidecar_as_the_same_cloud_event_on_the_configured_pubsub_and_topic()
    {
        await using var harness = new OutboxHarness();
        await harness.SaveWithEventAsync("000.00.15.H15-260302-0007");
        var message = (await harness.OutboxAsync()).Single();
        var server = _sidecar.GetTestServer();
        using var dapr = new DaprClientBuilder()
            .UseGrpcEndpoint(server.BaseAddress.ToString())
            .UseGrpcChannelOptions(new GrpcChannelOptions { HttpHandler = server.CreateHandler() })
            .Build();
        var transport = new DaprTransport(dapr, Options.Create(new MessagingOptions { PubSubName = "tthc-pubsub" }));

        await transport.SendAsync([message], CancellationToken.None);

        var request = Assert.Single(_published);
        Assert.Equal("tthc-pubsub", request.PubsubName);
        Assert.Equal("cases", request.Topic);
        Assert.Equal("application/cloudevents+json", request.DataContentType);
        Assert.Equal(message.Envelope, request.Data.ToString(Encoding.UTF8));
        var envelope = JsonDocument.Parse(request.Data.ToString(Encoding.UTF8)).RootElement;
        Assert.Equal(message.EventId, envelope.GetProperty("id").GetString());
        Assert.Equal("vn.tthc.case.received.v1", envelope.GetProperty("type").GetString());
        Assert.Equal("000.00.15.H15-260302-0007", envelope.GetProperty("subject").GetString());
        Assert.Equal(message.EventId, request.Metadata["cloudevent.id"]);
        Assert.Equal("vn.tthc.case.received.v1", request.Metadata["cloudevent.type"]);
    }
}

public sealed class DaprComponentFilesTests
{
    private static string Deploy()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tthc.sln")))
            {
                return Path.Combine(dir.FullName, "deploy", "dapr");
            }
        }

        throw new DirectoryNotFoundException("Tthc.sln not found above the test's folder.");
    }

    [Theory]
    [InlineData("redis", "pubsub.redis")]
    [InlineData("rabbitmq", "pubsub.rabbitmq")]
    [InlineData("kafka", "pubsub.kafka")]
    public void Each_broker_has_a_component_named_as_the_services_publish(string broker, string type)
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy(), "components", broker, "pubsub.yaml")).Select(l => l.Trim()).ToList();

        Assert.Contains("kind: Component", lines);
        Assert.Contains($"name: {new MessagingOptions().PubSubName}", lines);
        Assert.Contains($"type: {type}", lines);
    }

    [Fact]
    public void The_resiliency_policy_targets_that_component()
    {
        var text = File.ReadAllText(Path.Combine(Deploy(), "resiliency", "resiliency.yaml"));

        Assert.Contains("kind: Resiliency", text);
        Assert.Contains($"      {new MessagingOptions().PubSubName}:", text);
    }
}
