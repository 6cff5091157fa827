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

    /// <summary>The environment the plugin reads (KUBECONFIG, KLUTCH_*), so that tests need not change the process's.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = ProcessEnvironment();

    public string Home => Environment.GetValueOrDefault("HOME") ?? global::System.Environment.GetFolderPath(global::System.Environment.SpecialFolder.UserProfile);

    public static CliIo System() => ProcessConsole.Io();

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        global::System.Environment.GetEnvironmentVariables().Cast<global::System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
}
