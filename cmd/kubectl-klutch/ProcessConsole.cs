using System.Runtime.InteropServices;
using System.Text;
using KubectlKlutch.Output;
using Microsoft.Win32.SafeHandles;

namespace KubectlKlutch.Cli;

/// <summary>
/// The process's standard streams and terminal, without .NET's System.Console on Unix: its first
/// write, read or size query loads terminfo and switches the terminal to keypad mode
/// (`ESC[?1h ESC=`), which it never switches back. The plugin only writes lines, reads one
/// answer and asks the width, so plain file descriptors and one ioctl do.
/// </summary>
public static partial class ProcessConsole
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static CliIo Io() => OperatingSystem.IsWindows()
        ? new(Console.Out, Console.Error, Detect(), () => DateTimeOffset.UtcNow) { In = Console.In }
        : new(Writer(1), Writer(2), Detect(), () => DateTimeOffset.UtcNow) { In = new StreamReader(Stream(0, FileAccess.Read), Utf8) };

    /// <summary>
    /// Creates what asks System.Console for the window width (CommandLineParser's settings do,
    /// when stdout is a terminal) without the keypad mode: that first query initialises the
    /// console from terminfo, and without TERM there is no entry, so nothing is written. TERM
    /// is put back at once, for the processes the plugin starts (exec credential plugins).
    /// </summary>
    public static T WithoutKeypadMode<T>(Func<T> create)
    {
        if (OperatingSystem.IsWindows() || Console.IsOutputRedirected) return create();
        var term = Environment.GetEnvironmentVariable("TERM");
        Environment.SetEnvironmentVariable("TERM", null);
        try
        {
            return create();
        }
        finally
        {
            Environment.SetEnvironmentVariable("TERM", term);
        }
    }

    public static Terminal Detect() =>
        new(!Console.IsErrorRedirected,
            !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                && Environment.GetEnvironmentVariable("TERM") != "dumb")
        {
            Width = Width(),
            CanAsk = !Console.IsInputRedirected && !Console.IsErrorRedirected,
        };

    private static TextWriter Writer(int fd) => TextWriter.Synchronized(new StreamWriter(new DescriptorStream(fd), Utf8) { AutoFlush = true });

    // Reading only: a FileStream keeps its own offset, so writing through one to a file that
    // stdout and stderr share (`> log 2>&1`) would overwrite; writes go through write(2).
    private static FileStream Stream(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);

    /// <summary>Writes with write(2) on the descriptor, so the kernel's shared offset (and O_APPEND) holds.</summary>
    private sealed class DescriptorStream(int fd) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chunk = offset == 0 ? buffer : buffer[offset..(offset + count)];
            var done = 0;
            while (done < count)
            {
                var rest = done == 0 ? chunk : chunk[done..count];
                var written = write(fd, rest, count - done);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR) continue;
                    return; // a closed pipe (`| head`): the reader is gone, as kubectl's output would be
                }
                done += (int)written;
            }
        }
    }

    private const int EINTR = 4;

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    private static int Width()
    {
        if (Console.IsErrorRedirected) return 80;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
            }
            catch (IOException)
            {
                return 80;
            }
        }
        var request = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x40087468UL : 0x5413UL; // TIOCGWINSZ
        return ioctl(2, (nuint)request, out var size) == 0 && size.Columns > 0 ? size.Columns : 80;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, nuint request, out WindowSize size);
}
