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

    public static Terminal Detect() =>
        new(!Console.IsErrorRedirected,
            !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                && Environment.GetEnvironmentVariable("TERM") != "dumb")
        {
            Width = Width(),
            CanAsk = !Console.IsInputRedirected && !Console.IsErrorRedirected,
        };

    private static TextWriter Writer(int fd) => new StreamWriter(Stream(fd, FileAccess.Write), Utf8) { AutoFlush = true };

    private static FileStream Stream(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);

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
