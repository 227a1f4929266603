using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tthc.Messaging.Tests;

public sealed class DirectTransportTests
{
    private const string Overdue = "vn.tthc.case.overdue.v1";
    private const string Received = "vn.tthc.case.received.v1";
    private const string Decided = "vn.tthc.case.decided.v1";

    [Fact]
    public async Task A_subscriber_whose_rules_name_event_types_gets_those_only_in_their_order()
    {
        var subscriber = new Subscriber($$$"""
            [{"pubsubName":"pubsub","topic":"cases","routes":{"rules":[
              {"match":"{{{Escaped(RoutingRule.Match(Decided))}}}","path":"events/cases"},
              {"match":"{{{Escaped(RoutingRule.Match(Overdue))}}}","path":"events/cases"} ] } } ]
            """);

        await subscriber.Transport.SendAsync([Message(1, Received), Message(2, Overdue), Message(3, Received), Message(4, Decided)], CancellationToken.None);

        var batch = Assert.Single(subscriber.Posts);
        Assert.Equal(["2", "4"], JsonDocument.Parse(batch).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_subscriber_declaring_one_route_or_rules_the_transport_cannot_read_gets_everything()
    {
        foreach (var answer in new[]
                 {
                     """[{"pubsubName":"pubsub","topic":"cases","route":"/events/cases"}]""",
                     """[{"pubsubName":"pubsub","topic":"cases","routes":{"rules":[{"match":"event.data.unitCode == \"x\"","path":"events/cases"}]}}]""",
                     """[{"pubsubName":"pubsub","topic":"cases","routes":{"rules":[{"match":"event.type == \"vn.tthc.case.overdue.v1\"","path":"events/cases"}],"default":"events/cases"}}]""",
                 })
        {
            var subscriber = new Subscriber(answer);

            await subscriber.Transport.SendAsync([Message(1, Received), Message(2, Overdue)], CancellationToken.None);

            Assert.Equal(2, JsonDocument.Parse(Assert.Single(subscriber.Posts)).RootElement.GetArrayLength());
        }
    }

    [Fact]
    public async Task Envelopes_go_as_utf8_with_their_length_one_alone_and_several_as_an_array()
    {
        var subscriber = new Subscriber("""[{"pubsubName":"pubsub","topic":"cases","route":"/events/cases"}]""");
        // Longer than the writer's 16 KiB buffer, in letters of two and three bytes.
        var large = Message(2, Received, $$"""{"note":"{{string.Concat(Enumerable.Repeat("Hồ sơ đã trễ hạn. ", 2_000))}}"}""");

        await subscriber.Transport.SendAsync([Message(1, Received)], CancellationToken.None);
        await subscriber.Transport.SendAsync([Message(1, Received), large, Message(3, Overdue)], CancellationToken.None);

        var (alone, batch) = (subscriber.Bodies[0], subscriber.Bodies[1]);
        Assert.Equal(("application/cloudevents+json; charset=utf-8", Message(1, Received).Envelope), (alone.ContentType, alone.Text));
        Assert.Equal("application/cloudevents-batch+json; charset=utf-8", batch.ContentType);
        Assert.Equal($"[{Message(1, Received).Envelope},{large.Envelope},{Message(3, Overdue).Envelope}]", batch.Text);
        Assert.All(subscriber.Bodies, b => Assert.Equal(Encoding.UTF8.GetByteCount(b.Text), b.Length));
        Assert.True(batch.Length > 40_000);
    }

    [Fact]
    public void Only_the_rules_tthc_writes_are_read_as_event_types()
    {
        Assert.Equal(Overdue, RoutingRule.TypeOf(RoutingRule.Match(Overdue)));
        Assert.Null(RoutingRule.TypeOf("event.type == \"a\" || event.type == \"b\""));
        Assert.Null(RoutingRule.TypeOf("event.type != \"a\""));
        Assert.Null(RoutingRule.TypeOf(null));
    }

    private static string Escaped(string match) => match.Replace("\"", "\\\"");

    private static readonly DateTimeOffset Sent = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Message(int id, string type, string data = "{}") => new()
    {
        EventId = id.ToString(),
        Topic = "cases",
        Type = type,
        Envelope = $$$"""{"specversion":"1.0","id":"{{{id}}}","type":"{{{type}}}","source":"tthc/cases","data":{{{data}}}}""",
        CreatedAt = Sent,
        NextAttemptAt = Sent,
    };

    /// <summary>One subscribing service, "apologies", as the transport sees it over HTTP.</summary>
    private sealed class Subscriber : HttpMessageHandler, IHttpClientFactory
    {
        private readonly string _subscribeAnswer;

        public Subscriber(string subscribeAnswer)
        {
            _subscribeAnswer = subscribeAnswer;
            Transport = new DirectTransport(this, Options.Create(new MessagingOptions { Subscribers = ["apologies"] }), TimeProvider.System,
                NullLogger<DirectTransport>.Instance);
        }

        public DirectTransport Transport { get; }

        public List<string> Posts { get; } = [];

        /// <summary>Each post as sent: its content type, its declared length and its text.</summary>
        public List<(string ContentType, long? Length, string Text)> Bodies { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath == "/dapr/subscribe")
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(_subscribeAnswer, Encoding.UTF8, "application/json") };
            }

            Assert.Equal("http://apologies/events/cases", request.RequestUri!.ToString());
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            Posts.Add(body.StartsWith('[') ? body : $"[{body}]");
            Bodies.Add((request.Content.Headers.ContentType!.ToString(), request.Content.Headers.ContentLength, body));
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
