namespace KubectlKlutch.TestCluster;

/// <summary>Knobs for one test server; the defaults make a rollout take about a third of a second.</summary>
public sealed class TestApiServerOptions
{
    /// <summary>How many controller steps a Deployment rollout takes from the first new pod to done.</summary>
    public int RolloutSteps { get; set; } = 3;

    /// <summary>Time between controller steps.</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>When set, replaces every Deployment's spec.progressDeadlineSeconds (600 s is too long for a test).</summary>
    public TimeSpan? ProgressDeadline { get; set; }

    /// <summary>The bearer token the server accepts; random when null.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The Crossplane version the control plane plays ("1.20.0", "2.3.0"): its image, CRDs, revision
    /// conditions and package failures. Null: the scenario's own (<see cref="Scenarios.CrossplaneVersionOf"/>).
    /// </summary>
    public string? CrossplaneVersion { get; set; }

    /// <summary>How many change events are kept for watches resuming from a resourceVersion.</summary>
    public int WatchHistory { get; set; } = 1000;

    /// <summary>
    /// How long the scenarios' reverting controller (a GitOps tool's self-heal) leaves a changed
    /// image alone before it puts it back under its own field manager.
    /// </summary>
    public TimeSpan RevertDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Serve HTTP/1.1 only, as some proxies in front of API servers do: every concurrent request then needs a connection of its own.</summary>
    public bool Http1Only { get; set; }
}
