using KubectlKlutch.Inventory;

namespace KubectlKlutch.Health;

/// <summary>
/// The one verdict on an observed object, whoever asks: `status`, the planner ("already at the
/// version but not settled") and the follower all judge a Deployment or a package by this.
/// </summary>
public static class ObservedHealth
{
    /// <summary>Null for what has no object to judge (missing or unreadable).</summary>
    public static Assessment? Assess(Observation observation) => observation switch
    {
        DeploymentObservation d => DeploymentHealth.Assess(d.Deployment, d.CurrentPods),
        PackageObservation p => PackageHealth.Assess(p),
        _ => null,
    };
}
