using KubectlKlutch.Output;

namespace KubectlKlutch.Cli;

/// <summary>
/// Everything a command touches outside itself: output streams, the terminal, the clock.
/// Data goes to Out, the story and errors to Err. Tests pass their own.
/// </summary>
public sealed record CliIo(TextWriter Out, TextWriter Err, Terminal Terminal, Func<DateTimeOffset> Clock)
{
    /// <summary>Where a confirmation is read from (only ever on a terminal).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    public static CliIo System() => new(Console.Out, Console.Error, Terminal.Detect(), () => DateTimeOffset.UtcNow) { In = Console.In };
}
