using System.Runtime.InteropServices;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The C library's heap, where the runtime, SQLite and OpenSSL allocate. glibc keeps the pages of memory freed inside
/// its heaps (everything below the top of each one) for the process's next allocations; <c>malloc_trim</c> hands
/// their whole free pages back to the system. Measured on an idle service after its start: ≈ 4 MiB of its resident
/// memory. Elsewhere (another C library, another system) there is nothing to do.
/// </summary>
public static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Returns free pages to the system; true when some were (glibc on Linux only).</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            return malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // musl (Alpine) has no malloc_trim: its heap returns memory by itself
            return false;
        }
    }

    // glibc's soname: another C library has no such file, which is the DllNotFoundException above.
    [DllImport("libc.so.6", ExactSpelling = true)]
    private static extern int malloc_trim(nuint pad);
}
