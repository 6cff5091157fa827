using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli.Options;

[Verb("upgrade", HelpText = "Upgrade a component (or the control plane, in the documented order) and follow the rollout to its end.")]
public sealed class UpgradeOptions : ChangeOptions
{
    [Value(0, MetaName = "COMPONENT", Required = true, HelpText = "konnector, provider-anynines, dataservices, backend, provider-kubernetes, or control-plane.")]
    public string Component { get; set; } = "";

    [Value(1, MetaName = "VERSION", Required = true, HelpText = "A release such as v1.3.1, or latest.")]
    public string Version { get; set; } = "";

    [Option("rollback-on-failure", HelpText = "If the rollout fails or times out, patch back to the previous version and wait for that.")]
    public bool RollbackOnFailure { get; set; }

    [Option("allow-downgrade", HelpText = "Allow a version older than the installed one.")]
    public bool AllowDowngrade { get; set; }

    [Option("force", HelpText = "Replace an image pinned by digest.")]
    public bool Force { get; set; }

    [Option("registry", HelpText = "Move to this registry and path (e.g. mirror.example:5000/klutch); by default the component keeps its own.")]
    public string? Registry { get; set; }

    [Option("ignore-check", HelpText = "Override a blocking release check by its ID, on purpose; repeat for several.")]
    public IEnumerable<string> IgnoreChecks { get; set; } = [];

    [Option("skip-registry-check", HelpText = "Do not check that the version exists in the registry (air-gapped clusters whose nodes see a registry this machine does not).")]
    public bool SkipRegistryCheck { get; set; }

    [Usage(ApplicationAlias = "kubectl klutch")]
    public static IEnumerable<Example> Examples =>
    [
        new("Upgrade the konnector of this app cluster", new UpgradeOptions { Component = "konnector", Version = "v1.3.1" }),
        new("Upgrade the control plane in the documented order, showing the plan only", new UpgradeOptions { Component = "control-plane", Version = "v1.3.1", DryRun = "client" }),
        new("Roll the konnector upgrade through every app cluster, one at a time, stopping at the first failure", new UpgradeOptions { Component = "konnector", Version = "v1.3.1", Contexts = ["'app-*'"] }),
    ];
}
