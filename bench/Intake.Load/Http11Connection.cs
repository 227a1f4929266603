using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends prepared requests and reads only what it needs of each response:
/// the status and the end of the body (Content-Length or chunked). A load generator, like wrk, not a client library:
/// the app and the generator share two cores, and HttpClient cost as much per request as the gateway itself.
/// </summary>
internal sealed class Http11Connection(string host, int port) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>Opens the connection now (a load connects before it measures, as a counter's client is connected).</summary>
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _socket.ConnectAsync(host, port, cancellationToken);
        _start = _end = 0;
        return _socket;
    }

    /// <summary>Sends one whole request (head and body) and returns the response's status code.</summary>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var socket = _socket ?? await ConnectAsync(cancellationToken);
                await socket.SendAsync(request, SocketFlags.None, cancellationToken);
                return await ReadResponseAsync(cancellationToken);
            }
            catch (Exception e) when (attempt == 0 && e is SocketException or EndOfStreamException)
            {
                // The server closed an idle connection: once more on a new one.
                _socket?.Dispose();
                _socket = null;
            }
        }
    }

    private async Task<int> ReadResponseAsync(CancellationToken cancellationToken)
    {
        // Head: status line and headers, up to the empty line.
        int headEnd;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var head = _buffer.AsSpan(_start, headEnd);
        Utf8Parser.TryParse(head[9..12], out int status, out _);
        long? contentLength = null;
        var chunked = false;
        var close = false;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (line.StartsWith("Content-Length:"u8) || line.StartsWith("content-length:"u8))
            {
                Utf8Parser.TryParse(line[15..].Trim((byte)' '), out long length, out _);
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(line, "Transfer-Encoding: chunked"u8))
            {
                chunked = true;
            }
            else if (Ascii.EqualsIgnoreCase(line, "Connection: close"u8))
            {
                close = true;
            }
        }

        _start += headEnd + 4;
        if (chunked)
        {
            // Chunks: "<hex size>\r\n<data>\r\n", ending with a zero-size chunk and an empty line.
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync(cancellationToken);
                }

                Utf8Parser.TryParse(_buffer.AsSpan(_start, lineEnd), out int size, out _, 'x');
                _start += lineEnd + 2;
                await SkipAsync(size + 2, cancellationToken);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            await SkipAsync(contentLength ?? 0, cancellationToken);
        }

        if (close)
        {
            _socket!.Dispose();
            _socket = null;
        }

        return status;
    }

    private async Task SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var taken = (int)Math.Min(count, _end - _start);
            _start += taken;
            count -= taken;
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The server closed the connection.");
        }

        _end += read;
    }

    public static byte[] Request(string host, string path, string token, string idempotencyKey, byte[] body) =>
    [
        .. Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n" +
            $"Idempotency-Key: {idempotencyKey}\r\nContent-Length: {body.Length}\r\n\r\n"),
        .. body,
    ];

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        return ValueTask.CompletedTask;
    }
}
