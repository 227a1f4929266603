using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tthc.Contracts;

/// <summary>
/// Version 7 UUIDs (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits), as <see cref="Guid.CreateVersion7()"/>
/// makes them, with the random bits taken from a per-thread buffer of cryptographically secure bytes refilled 1 KiB at a
/// time. The runtime's own reads <c>/dev/urandom</c> for every id on Linux: a system call for every event and record a
/// service writes (two or three per dossier at intake).
/// </summary>
public static class Uuid7
{
    private const int BufferSize = 1024;
    private const int RandomBytes = 10;

    [ThreadStatic] private static byte[]? t_random;
    [ThreadStatic] private static int t_used;

    public static Guid Create() => Create(DateTimeOffset.UtcNow);

    public static Guid Create(DateTimeOffset timestamp)
    {
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(timestamp));

        var random = t_random;
        if (random is null || t_used > BufferSize - RandomBytes)
        {
            random = t_random ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(random);
            t_used = 0;
        }

        var next = random.AsSpan(t_used, RandomBytes);
        t_used += RandomBytes;

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (next[0] & 0x0F));
        bytes[7] = next[1];
        bytes[8] = (byte)(0x80 | (next[2] & 0x3F));
        next[3..].CopyTo(bytes[9..]);
        // The bytes are used once: a copy of the buffer in a dump or a later id does not show them.
        next.Clear();
        return new Guid(bytes, bigEndian: true);
    }
}
