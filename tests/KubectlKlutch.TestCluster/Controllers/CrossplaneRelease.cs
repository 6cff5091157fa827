using System.Globalization;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Which Crossplane the test cluster plays, and what that changes (klutch-components.md,
/// "Crossplane package facts"). The package manager reads it from the crossplane Deployment's
/// image, as the running Crossplane is what decides the behaviour.
/// </summary>
internal sealed record CrossplaneRelease(int Major, int Minor, int Patch)
{
    /// <summary>What the plain control-plane scenarios run.</summary>
    public const string Default = "1.17.1";

    public string Version => $"{Major}.{Minor}.{Patch}";

    /// <summary>v2 revisions carry RevisionHealthy and RuntimeHealthy instead of Healthy, and conditions carry observedGeneration.</summary>
    public bool V2Conditions => Major >= 2;

    /// <summary>From v2.2.0 on, a package that cannot be fetched also says Healthy=False.</summary>
    public bool UnhealthyOnUnpackFailure => Major > 2 || (Major == 2 && Minor >= 2);

    /// <summary>
    /// Provider and function runtimes (a Deployment per active revision) and ImageConfig rewrites
    /// are played from 1.20 on. Older scenarios keep their shape (no runtime Deployments): a known
    /// difference from a real 1.17, kept so their expected outputs stay as they were.
    /// </summary>
    public bool Runtimes => Major >= 2 || Minor >= 20;

    public bool ImageConfigs => Runtimes;

    public static CrossplaneRelease Parse(string version)
    {
        var parts = version.TrimStart('v').Split('.');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"\"{version}\" is not a Crossplane version such as 1.20.0 or 2.3.0", nameof(version));
        }
        return new CrossplaneRelease(Part(0), Part(1), Part(2));
    }

    /// <summary>The version the cluster's crossplane Deployment runs; 1.20.0 where there is none.</summary>
    public static CrossplaneRelease Of(ClusterState state)
    {
        var containers = state.Get("apps/v1", "Deployment", "crossplane-system", "crossplane")?.At("spec.template.spec.containers") as System.Text.Json.Nodes.JsonArray;
        var image = containers?.FirstOrDefault().Str("image");
        var colon = image?.LastIndexOf(':') ?? -1;
        return colon > 0 && !image![colon..].Contains('/') ? Parse(image[(colon + 1)..]) : Parse("1.20.0");
    }
}
