using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Status;

/// <summary>`status --contexts ... -o json`: one single-cluster report per cluster, and the fleet at a glance.</summary>
public sealed record FleetStatusReport(IReadOnlyList<StatusReport> Clusters, FleetSummary Summary);

/// <summary>
/// Where the fleet stands. A cluster's release is the oldest Klutch release among its
/// components (a control plane half way through an upgrade is behind); "current" means at the
/// newest release found in the fleet, which `kubectl klutch versions` compares with the registry.
/// </summary>
public sealed record FleetSummary
{
    public required int Clusters { get; init; }
    public string? Newest { get; init; }
    public required int Current { get; init; }
    public required int Behind { get; init; }
    /// <summary>The releases the clusters that are behind run, newest first.</summary>
    public required IReadOnlyList<string> BehindReleases { get; init; }
    public required int NotReachable { get; init; }
    public required int WithoutKlutch { get; init; }
    /// <summary>Clusters with a component that is not healthy (they also count as current or behind).</summary>
    public required int Unhealthy { get; init; }
    public required int ExitCode { get; init; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Current > 0) parts.Add($"{Current} current ({Newest})");
        if (Behind > 0) parts.Add($"{Behind} behind ({string.Join(", ", BehindReleases)})");
        if (NotReachable > 0) parts.Add($"{NotReachable} not reachable");
        if (WithoutKlutch > 0) parts.Add($"{WithoutKlutch} without Klutch");
        var unknown = Clusters - Current - Behind - NotReachable - WithoutKlutch;
        if (unknown > 0) parts.Add($"{unknown} of no known release");
        return $"{Clusters} {(Clusters == 1 ? "cluster" : "clusters")}: {string.Join(", ", parts)}"
            + (Unhealthy > 0 ? $"; {Unhealthy} not healthy" : "");
    }
}

public static class FleetStatusBuilder
{
    public static FleetStatusReport Build(IReadOnlyList<StatusReport> clusters)
    {
        var releases = clusters.ToDictionary(c => c, Release);
        var newest = releases.Values.OfType<ReleaseVersion>().DefaultIfEmpty().Max();
        var read = clusters.Where(c => c.Error is null && c.Roles.Count > 0).ToList();
        var behind = read.Where(c => releases[c] is { } r && r < newest!).ToList();
        return new FleetStatusReport(clusters, new FleetSummary
        {
            Clusters = clusters.Count,
            Newest = newest?.ToString(),
            Current = read.Count(c => releases[c] is { } r && r.CompareTo(newest) == 0),
            Behind = behind.Count,
            BehindReleases = [.. behind.Select(c => releases[c]!).Distinct().OrderDescending().Select(r => r.ToString())],
            NotReachable = clusters.Count(c => c.Error is not null),
            WithoutKlutch = clusters.Count(c => c.Error is null && c.Roles.Count == 0),
            Unhealthy = read.Count(c => c.Components.Any(x => x.Health != HealthState.Healthy)),
            ExitCode = WorstExitCode(clusters.Select(StatusBuilder.ExitCode)),
        });
    }

    /// <summary>The fleet's exit code is its worst cluster's, in the order 1 (not read), 3, 4, 0.</summary>
    public static int WorstExitCode(IEnumerable<int> codes) =>
        codes.OrderBy(c => Array.IndexOf(Severity, c)).DefaultIfEmpty(ExitCodes.Success).First();

    private static readonly int[] Severity = [ExitCodes.Failed, ExitCodes.Unhealthy, ExitCodes.Warnings, ExitCodes.Success];

    private static ReleaseVersion? Release(StatusReport cluster) =>
        cluster.Components
            .Where(c => c.Catalog.KlutchRelease)
            .Select(c => ReleaseVersion.TryParse(c.Version, out var v) ? v : null)
            .OfType<ReleaseVersion>().DefaultIfEmpty().Min();
}
