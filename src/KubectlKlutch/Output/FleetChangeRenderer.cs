using KubectlKlutch.Status;
using KubectlKlutch.Upgrade;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Output;

/// <summary>
/// A fleet change for people, on stdout: the fleet plan (a row per cluster and step, with why a
/// cluster is skipped), then what became of each cluster and the fleet in one line.
/// </summary>
/// <param name="verb">What a change is called in the plan: "upgrade", "roll back".</param>
/// <param name="done">And once it is done: "upgraded", "rolled back".</param>
public sealed class FleetChangeRenderer(TextWriter output, string verb, string done)
{
    public void Plan(string action, IReadOnlyList<FleetClusterChange> clusters, int maxParallel)
    {
        var planned = clusters.Where(c => c.Result == ClusterResult.Planned).Select(c => c.Context).ToList();
        var order = planned.Count < 2 ? ""
            : maxParallel == 1 ? $", one at a time, {planned[0]} first as the canary"
            : $", {planned[0]} first as the canary, then up to {maxParallel} at a time";
        output.WriteLine($"Plan: {action} on {planned.Count} of {clusters.Count} {Clusters(clusters.Count)}{order}");
        output.WriteLine();
        var table = new TableWriter("CONTEXT", "COMPONENT", "FROM", "TO", "PLAN");
        foreach (var cluster in clusters)
        {
            var steps = cluster.Change?.Plan.Steps ?? [];
            if (steps.Count == 0) table.Add(cluster.Context, "-", "-", "-", Intent(cluster, null));
            for (var i = 0; i < steps.Count; i++)
                table.Add(i == 0 ? cluster.Context : "", steps[i].Component, Version(steps[i].From), Version(steps[i].To), Intent(cluster, steps[i]));
        }
        table.Write(output, color: false);

        // What the checks found, where a change is planned or blocked: the finding names the fix.
        foreach (var cluster in clusters.Where(c => c.Result is ClusterResult.Planned or ClusterResult.Blocked))
        {
            var change = cluster.Change!;
            var notes = cluster.Result != ClusterResult.Planned ? []
                : change.Plan.Steps.Where(s => !s.UpToDate).SelectMany(s => s.Notes.Select(n => $"  note: {s.Component}: {n}")).ToList();
            if (notes.Count == 0 && change.Findings.Count == 0) continue;
            output.WriteLine();
            output.WriteLine($"{cluster.Context}:");
            foreach (var note in notes) output.WriteLine(note);
            new UpgradeRenderer(output).Findings(change.Findings);
        }
        output.WriteLine();
    }

    public void Outcome(IReadOnlyList<FleetClusterChange> clusters)
    {
        foreach (var cluster in clusters)
        {
            if (cluster.Change is { Outcome.Count: > 0 } report)
                new UpgradeRenderer(output).Outcome(report.Plan, report.Outcome, report.FollowUps, prefix: $"{cluster.Context}: ");
            else
                output.WriteLine($"{cluster.Context}: {Label(cluster.Result)}{(cluster.Reason is null ? "" : ": " + cluster.Reason)}");
        }
        output.WriteLine(Summary(clusters));
    }

    /// <summary>"3 clusters: 1 upgraded, 1 failed (app-2), 1 not started (app-3)".</summary>
    public string Summary(IReadOnlyList<FleetClusterChange> clusters) =>
        $"{clusters.Count} {Clusters(clusters.Count)}: " + string.Join(", ", clusters.GroupBy(c => c.Result).OrderBy(g => g.Key).Select(g =>
            $"{g.Count()} {Label(g.Key)}{(g.First().Fine ? "" : $" ({string.Join(", ", g.Select(c => c.Context))})")}"));

    public string Label(ClusterResult result) => result switch
    {
        ClusterResult.Current => "already current",
        ClusterResult.NotPresent => "without the component",
        ClusterResult.NotReachable => "not reachable",
        ClusterResult.Forbidden => "forbidden",
        ClusterResult.Refused => "refused",
        ClusterResult.Blocked => "blocked by a release check",
        ClusterResult.Planned => $"to {verb}",
        ClusterResult.Changed => done,
        ClusterResult.DryRun => "accepted in a server dry run",
        ClusterResult.Failed => "failed",
        _ => "not started",
    };

    private string Intent(FleetClusterChange cluster, PlanStep? step) =>
        cluster.Result != ClusterResult.Planned ? $"skip: {Label(cluster.Result)}{(cluster.Reason is null ? "" : ": " + cluster.Reason)}"
        : step!.Done ? "already current"
        : step.UpToDate ? $"follow its rollout ({step.Unsettled})"
        : verb;

    private static string Version(string reference) =>
        ImageReference.TryParse(reference, out var parsed) ? StatusBuilder.VersionOf(parsed) ?? reference : reference;

    private static string Clusters(int n) => n == 1 ? "cluster" : "clusters";
}
