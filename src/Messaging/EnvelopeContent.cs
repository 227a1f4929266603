using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tthc.Messaging;

/// <summary>
/// Outbox envelopes as a request body, written as UTF-8 straight into the request: one alone (CloudEvents' structured
/// mode), several as a JSON array (its batched mode). Built as a string first, a batch of 500 envelopes was joined,
/// bracketed and encoded — three copies of ≈ 0.5 MB per subscriber, 15% of what Cases allocated at intake.
/// </summary>
internal sealed class EnvelopeContent : HttpContent
{
    private const int BufferSize = 16 * 1024;

    private readonly IReadOnlyList<OutboxMessage> _messages;

    public EnvelopeContent(IReadOnlyList<OutboxMessage> messages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        _messages = messages;
        Headers.ContentType = new MediaTypeHeaderValue(IsBatch ? CloudEvent.BatchMediaType : CloudEvent.MediaType) { CharSet = "utf-8" };
    }

    private bool IsBatch => _messages.Count > 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var used = 0;
            for (var i = 0; i < _messages.Count; i++)
            {
                var envelope = _messages[i].Envelope;
                // Room for the envelope, the '[' or ',' before it and the ']' that may follow.
                var needed = Encoding.UTF8.GetMaxByteCount(envelope.Length) + 2;
                if (buffer.Length - used < needed)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                    used = 0;
                    if (buffer.Length < needed)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(needed);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                if (IsBatch)
                {
                    buffer[used++] = i == 0 ? (byte)'[' : (byte)',';
                }

                used += Encoding.UTF8.GetBytes(envelope, buffer.AsSpan(used));
            }

            if (IsBatch)
            {
                buffer[used++] = (byte)']';
            }

            await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = IsBatch ? _messages.Count + 1 : 0; // '[', the commas, ']'
        foreach (var message in _messages)
        {
            length += Encoding.UTF8.GetByteCount(message.Envelope);
        }

        return true;
    }
}
