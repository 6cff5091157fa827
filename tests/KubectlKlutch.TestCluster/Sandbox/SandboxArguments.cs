using System.Globalization;

namespace KubectlKlutch.TestCluster;

/// <summary>The sandbox's command line: a scenario, its image marks, a fleet size, where to write the kubeconfig, and a command to run.</summary>
public sealed record SandboxArguments(string Scenario, IReadOnlyList<Action<Images>> Marks, int? Count, string? KubeconfigPath, string[]? Command)
{
    /// <summary>Serve HTTP/1.1 only (--http1), as some proxies in front of API servers do.</summary>
    public bool Http1Only { get; init; }

    /// <summary>The Crossplane version the control plane plays (--crossplane); null: the scenario's own.</summary>
    public string? CrossplaneVersion { get; init; }

    public const string Usage = """
        usage: KubectlKlutch.TestCluster SCENARIO [--missing-image REF]... [--crashing-image REF]... [--missing-package REF]... [--unauthorized-package REF]... [--crossplane VERSION] [--count N] [--kubeconfig PATH] [--http1] [-- COMMAND...]
               KubectlKlutch.TestCluster tour
               KubectlKlutch.TestCluster --list
          --crossplane VERSION  the Crossplane version the control plane plays (1.17.1, 1.20.0, 2.3.0)
          --count N          serve N servers of SCENARIO behind one kubeconfig, contexts SCENARIO-1 ... SCENARIO-N
          --kubeconfig PATH  write the kubeconfig to PATH (a new file, removed when the sandbox stops)
          --http1            serve HTTP/1.1 only, as some proxies in front of API servers do
          -- COMMAND...      run COMMAND against the sandbox, then stop, with its exit code; `kubectl klutch ...` runs in this process
          tour               the plugin at work on a control plane and two app clusters, step by step; ends by itself
        """;

    /// <summary>The arguments, or the one sentence that says what is wrong with them.</summary>
    public static (SandboxArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
            return (null, $"{Usage}\nscenarios: {string.Join(", ", Scenarios.All)}");
        var scenario = args[0];
        if (!Scenarios.All.Contains(scenario))
            return (null, $"unknown scenario \"{scenario}\"; known: {string.Join(", ", Scenarios.All)}");
        var marks = new List<Action<Images>>();
        int? count = null; // null: one server with its own kubeconfig
        string? kubeconfig = null;
        var http1 = false;
        string? crossplane = null; // null: the scenario's own
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                return i + 1 < args.Count
                    ? (new SandboxArguments(scenario, marks, count, kubeconfig, [.. args.Skip(i + 1)]) { Http1Only = http1, CrossplaneVersion = crossplane }, null)
                    : (null, $"-- needs a command after it, e.g. -- kubectl klutch status\n{Usage}");
            }
            if (args[i] == "--http1")
            {
                http1 = true;
                continue;
            }
            if (i + 1 >= args.Count)
                return (null, $"{args[i]} needs a value\n{Usage}");
            var value = args[++i];
            switch (args[i - 1])
            {
                case "--missing-image":
                    marks.Add(images => images.MarkMissing(value));
                    break;
                case "--crashing-image":
                    marks.Add(images => images.MarkCrashing(value));
                    break;
                case "--missing-package":
                    marks.Add(images => images.MarkPackageMissing(value));
                    break;
                case "--unauthorized-package":
                    marks.Add(images => images.MarkPackageUnauthorized(value));
                    break;
                case "--crossplane" when System.Text.RegularExpressions.Regex.IsMatch(value, @"^v?\d+\.\d+\.\d+$"):
                    crossplane = value;
                    break;
                case "--crossplane":
                    return (null, $"--crossplane needs a Crossplane version such as 1.20.0 or 2.3.0, not \"{value}\"\n{Usage}");
                case "--count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1:
                    count = n;
                    break;
                case "--count":
                    return (null, $"--count needs a whole number of at least 1, not \"{value}\"\n{Usage}");
                case "--kubeconfig" when File.Exists(value) || Directory.Exists(value):
                    return (null, $"--kubeconfig {value} already exists; the sandbox writes a new file there and removes it when it stops, so give a path that does not exist");
                case "--kubeconfig":
                    kubeconfig = Path.GetFullPath(value);
                    break;
                default:
                    return (null, $"unknown option {args[i - 1]}\n{Usage}");
            }
        }
        return (new SandboxArguments(scenario, marks, count, kubeconfig, null) { Http1Only = http1, CrossplaneVersion = crossplane }, null);
    }
}
