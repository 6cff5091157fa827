using CommandLine;

namespace KubectlKlutch.Cli.Options;

/// <summary>
/// The kubectl flags every verb that talks to a cluster takes. kubectl passes everything after
/// `klutch` to the plugin (and refuses global flags before it), so the plugin parses them itself.
/// </summary>
public abstract class ClusterOptions
{
    [Option("kubeconfig", HelpText = "Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")]
    public string? Kubeconfig { get; set; }

    [Option("context", HelpText = "The kubeconfig context to use.")]
    public string? Context { get; set; }

    [Option("cluster", HelpText = "The kubeconfig cluster to use.")]
    public string? Cluster { get; set; }

    [Option("user", HelpText = "The kubeconfig user to use.")]
    public string? User { get; set; }

    [Option('n', "namespace", HelpText = "Namespace to act in, where a component can live in more than one.")]
    public string? Namespace { get; set; }

    [Option("request-timeout", HelpText = "How long to wait for one API request (default 5s; 30s, 1m).")]
    public string? RequestTimeout { get; set; }

    [Option("as", HelpText = "User to impersonate.")]
    public string? As { get; set; }

    [Option("as-group", HelpText = "Group to impersonate; repeat for several.")]
    public IEnumerable<string> AsGroups { get; set; } = [];

    [Option("as-uid", HelpText = "UID to impersonate.")]
    public string? AsUid { get; set; }

    [Option('o', "output", HelpText = "Output format: table (default), wide, json, yaml.")]
    public string? Output { get; set; }

    [Option('v', "verbosity", HelpText = "Log level, as kubectl -v: 6 logs every API request (never a credential).")]
    public int Verbosity { get; set; }
}
