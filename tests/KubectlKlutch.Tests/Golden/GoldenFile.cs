using KubectlKlutch.Tests.Integration;
using Xunit.Sdk;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// Expected output kept as plain files under Golden/testdata/, one per command and format (flux's
/// golden files): a test compares what the plugin printed with its file, and
/// `UPDATE_GOLDEN=1 dotnet test` writes the files instead, so that a change of output is a diff
/// of these files a reviewer can read.
/// </summary>
public static class GoldenFile
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    public const string Refresh = $"{UpdateVariable}=1 dotnet test tests/KubectlKlutch.Tests --filter \"FullyQualifiedName~Golden\"";

    public static string Root { get; } = Path.Combine(PublishedBinary.RepositoryRoot, "tests", "KubectlKlutch.Tests", "Golden", "testdata");

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";

    /// <summary>
    /// The golden files of one run, for <see cref="MatchAll"/>: stdout against `name`, stderr
    /// against `name.stderr` (which must not exist when stderr is empty). Without `pinStderr` only
    /// stdout is checked: the progress of a rollout on stderr says what the follower saw on the
    /// way, which depends on timing.
    /// </summary>
    public static (string Name, string? Actual)[] FilesOf(string name, CliRun run, Scrubber scrubber, bool pinStderr = true) =>
        pinStderr
            ? [(name, scrubber.Apply(run.Stdout)), (name + ".stderr", run.Stderr.Length == 0 ? null : scrubber.Apply(run.Stderr))]
            : [(name, scrubber.Apply(run.Stdout))];

    /// <summary>
    /// Runs the plugin once per format (`args` plus the format's flags, in process through its
    /// real entry point), asserts the exit code of each, and checks them all against `name` plus
    /// the format's suffix.
    /// </summary>
    public static async Task MatchFormatsAsync(string name, string[] args, int exitCode, Scrubber scrubber, IReadOnlyList<GoldenFormat> formats,
        IReadOnlyDictionary<string, string?>? environment = null, bool pinStderr = true)
    {
        var files = new List<(string, string?)>();
        foreach (var format in formats)
        {
            var run = await Klutch.RunAsync([.. args, .. format.Flags], environment: environment);
            Assert.True(run.ExitCode == exitCode, $"{string.Join(' ', format.Flags)}: expected exit {exitCode}, got {run}");
            files.AddRange(FilesOf(name + format.Suffix, run, scrubber, pinStderr));
        }
        MatchAll([.. files]);
    }

    /// <summary>
    /// Checks every file and reports every one that differs at once. A null text means the file
    /// must not exist (an output that is expected to be empty).
    /// </summary>
    public static void MatchAll(params (string Name, string? Actual)[] files)
    {
        var failures = new List<string>();
        foreach (var (name, actual) in files)
        {
            var path = Path.Combine(Root, name);
            var text = actual?.ReplaceLineEndings("\n");
            if (Updating) Write(path, text);
            else if (Compare(name, File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null, text) is { } failure)
                failures.Add(failure);
        }
        if (failures.Count > 0)
            throw new XunitException(string.Join("\n\n", failures) + $"\n\nIf the new output is right, refresh the golden files with\n  {Refresh}\nand review their diff.");
    }

    /// <summary>Null when the golden file holds exactly the output; otherwise a sentence and a diff.</summary>
    public static string? Compare(string name, string? expected, string? actual) => (expected, actual) switch
    {
        _ when expected == actual => null,
        (null, _) => $"Golden file {name} does not exist; the output was:\n{actual}",
        (_, null) => $"Golden file {name} expects output, and there was none.",
        _ => $"Output differs from golden file {name} (- golden, + actual):\n{LineDiff.Format(expected, actual)}",
    };

    private static void Write(string path, string? text)
    {
        if (text is null)
        {
            File.Delete(path);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
