using System.Collections;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// The files and variables that point the plugin (and kubectl) at the sandbox and nowhere else,
/// in one temporary directory removed on dispose: the kubeconfig is the sandbox's; the plugin's
/// settings file sends every registry look-up of the catalog to the sandbox's registry and turns
/// the tag cache off; kubectl's discovery cache, and for the in-process plugin HOME, the cache
/// and docker's config directory, all live here. Nothing lands in the user's ~/.kube or ~/.cache.
/// </summary>
public sealed class SandboxEnvironment : IDisposable
{
    private readonly string _dir;

    private SandboxEnvironment(string kubeconfig, string registryHost, IEnumerable<string> repositories)
    {
        _dir = Directory.CreateTempSubdirectory("klutch-sandbox-").FullName;
        Kubeconfig = kubeconfig;
        SettingsPath = Path.Combine(_dir, "klutch.json");
        File.WriteAllText(SettingsPath, Settings(registryHost, repositories).ToJsonString(new() { WriteIndented = true }) + "\n");
        foreach (var sub in new[] { "home", "cache", "kube-cache", "docker" })
            Directory.CreateDirectory(Path.Combine(_dir, sub));
    }

    public string Kubeconfig { get; }

    public string SettingsPath { get; }

    private string KubeCache => Path.Combine(_dir, "kube-cache");

    public static SandboxEnvironment Create(string kubeconfig, SandboxRegistry registry) =>
        new(kubeconfig, registry.Host, SandboxTags.ByRepository().Keys);

    /// <summary>What a child command gets on top of the process's variables (KLUTCH_* settings variables are dropped: they would win over the file).</summary>
    public IReadOnlyDictionary<string, string> ChildVariables => new Dictionary<string, string>
    {
        ["KUBECONFIG"] = Kubeconfig,
        ["KLUTCH_CONFIG"] = SettingsPath,
        ["KUBECACHEDIR"] = KubeCache,
    };

    /// <summary>The environment the in-process plugin reads: a child's, with its own HOME, cache and docker config.</summary>
    public IReadOnlyDictionary<string, string?> PluginEnvironment()
    {
        var variables = Inherited();
        foreach (var (name, value) in ChildVariables)
            variables[name] = value;
        variables["HOME"] = Path.Combine(_dir, "home");
        variables["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache");
        variables["DOCKER_CONFIG"] = Path.Combine(_dir, "docker");
        return variables;
    }

    /// <summary>Applies <see cref="ChildVariables"/> to a process about to start.</summary>
    public void Apply(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(IsSetting).ToList())
            environment.Remove(name);
        foreach (var (name, value) in ChildVariables)
            environment[name] = value;
    }

    /// <summary>One line for a POSIX shell: <c>export KUBECONFIG='...' KLUTCH_CONFIG='...' KUBECACHEDIR='...'</c>.</summary>
    public string ExportLine() =>
        "export " + string.Join(' ', ChildVariables.Select(v => $"{v.Key}={Quote(v.Value)}"));

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static Dictionary<string, string?> Inherited()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (!IsSetting((string)e.Key))
                variables[(string)e.Key] = (string?)e.Value;
        }
        return variables;
    }

    private static bool IsSetting(string name) => name.StartsWith("KLUTCH_", StringComparison.OrdinalIgnoreCase);

    /// <summary>One mirror per registry and first path segment (public.ecr.aws/w5n9a2g2, ...) to the same path under the sandbox's registry.</summary>
    private static JsonObject Settings(string registryHost, IEnumerable<string> repositories)
    {
        var prefixes = repositories.Select(r => string.Join('/', r.Split('/')[..2])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new JsonObject
        {
            ["Registry"] = new JsonObject
            {
                ["Mirrors"] = new JsonArray([.. prefixes.Select(p => new JsonObject { ["From"] = p, ["To"] = $"{registryHost}/{p}" })]),
                // Plain http on loopback only: the sandbox's registry has no certificate to trust.
                ["Insecure"] = new JsonArray(registryHost),
                // Tags of a registry that is gone when the sandbox stops are not worth keeping.
                ["CacheTtl"] = 0,
            },
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A command still holding a file; the temp directory is cleaned by the OS later.
        }
    }
}
