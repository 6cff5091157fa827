using KubectlKlutch.Fleet;
using KubectlKlutch.Kube;
using KubectlKlutch.Output;
using KubectlKlutch.Registry;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>
/// A change rolled through a fleet: every cluster read and planned first (concurrently, nothing
/// written), one confirmation for the whole plan, then the clusters one at a time, the first
/// as the canary, each followed to its end by the single-cluster flow. It stops at the first
/// failure unless told to go on; running it again resumes, since clusters already at the
/// version are no-ops.
/// </summary>
public static class FleetChangeFlow
{
    public static async Task<int> RunAsync(ChosenFleet fleet, ClusterPlanner planner, ChangeSettings settings, ChangeKind kind, CliIo io, CancellationToken ct)
    {
        var clusters = await FleetRunner.AllAsync(fleet.Members, FleetSession.ReadParallel, (m, c) => PrepareAsync(fleet, m, planner, settings.DryRun, c), ct);
        try
        {
            if (clusters.All(c => c.Entry.Result == ClusterResult.NotPresent))
                throw new UsageException($"none of the {clusters.Count} chosen clusters has what to {kind.Verb}: {clusters[0].Entry.Reason}");
            return await RunPlannedAsync(clusters, fleet.MaxParallel, settings, kind.Action, new FleetChangeRenderer(io.Out, kind.Verb, kind.Done), io, ct);
        }
        finally
        {
            foreach (var cluster in clusters) cluster.Prepared?.Read.Dispose();
        }
    }

    private static async Task<int> RunPlannedAsync(IReadOnlyList<FleetCluster> clusters, int maxParallel, ChangeSettings settings, string action,
        FleetChangeRenderer renderer, CliIo io, CancellationToken ct)
    {
        var structured = StructuredOutput.IsStructured(settings.Format);
        var planned = clusters.Where(c => c.Entry.Result == ClusterResult.Planned).ToList();
        if (!structured) renderer.Plan(action, [.. clusters.Select(c => c.Entry)], maxParallel);

        if (settings.DryRun == DryRun.None && !settings.Yes && planned.Any(c => c.Prepared!.Writes))
        {
            var names = string.Join(", ", planned.Select(c => c.Entry.Context));
            if (!ChangeFlow.Confirm(io, $"{planned.Count} {(planned.Count == 1 ? "cluster" : "clusters")}", $"Apply this plan to {names}?"))
                return ExitCodes.Failed;
        }

        IReadOnlyList<FleetClusterChange> results = [.. clusters.Select(c => c.Entry)];
        if (planned.Count > 0 && settings.DryRun != DryRun.Client)
        {
            var progress = new FleetProgress(io.Err, io.Terminal,
                [.. clusters.Select(c => (c.Entry.Context, c.Entry.Result == ClusterResult.Planned ? "waiting" : $"skipped: {renderer.Label(c.Entry.Result)}"))]);
            var ran = await FleetRunner.RollingAsync(planned, maxParallel, settings.ContinueOnError,
                (c, token) => ExecuteAsync(c, settings, progress, renderer, token), r => !r.Fine,
                c => c.Entry with { Result = ClusterResult.NotStarted, Reason = "an earlier cluster did not finish" }, ct);
            results = [.. clusters.Select(c => ran.FirstOrDefault(r => r.Context == c.Entry.Context) ?? c.Entry)];
        }

        if (structured)
            StructuredOutput.Write(io.Out, new FleetChangeReport(results, FleetChangeSummary.Of(results)), UpgradeJson.Default.FleetChangeReport, settings.Format);
        else if (settings.DryRun == DryRun.Client)
            io.Out.WriteLine($"Dry run (client): nothing was sent to any cluster. {renderer.Summary(results)}");
        else
            renderer.Outcome(results);
        return results.All(r => r.Fine) ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>Reads and plans one cluster; what keeps it out of the change becomes its result, never an error for the fleet.</summary>
    private static async Task<FleetCluster> PrepareAsync(ChosenFleet fleet, KnownContext member, ClusterPlanner planner, DryRun dryRun, CancellationToken ct)
    {
        var skipped = new FleetClusterChange { Context = member.Name, Server = member.Server ?? "", Result = ClusterResult.Refused };
        ClusterRead? read = null;
        try
        {
            read = await fleet.ReadAsync(member, ct);
            var prepared = await ChangeFlow.PrepareAsync(read, await planner(read, ct), dryRun, ct);
            var entry = skipped with { Server = read.Client.Server, Change = prepared.Planned() };
            return new FleetCluster(prepared.Blockers.Count > 0
                ? entry with { Result = ClusterResult.Blocked, Reason = $"the release checks {string.Join(", ", prepared.Blockers)} block it; fix what they name, or pass --ignore-check ID" }
                : prepared.Done ? entry with { Result = ClusterResult.Current, Change = prepared.AlreadyDone() }
                : entry with { Result = ClusterResult.Planned }, prepared);
        }
        catch (Exception e) when (e is UsageException or KubeException or RegistryException)
        {
            read?.Dispose();
            return new FleetCluster(skipped with
            {
                Result = e switch
                {
                    ComponentNotHereException => ClusterResult.NotPresent,
                    KubeException { Failure: KubeFailure.Forbidden or KubeFailure.Unauthorized } => ClusterResult.Forbidden,
                    KubeException { Failure: KubeFailure.Unreachable or KubeFailure.Timeout } => ClusterResult.NotReachable,
                    _ => ClusterResult.Refused,
                },
                Reason = e.Message,
            }, null);
        }
    }

    /// <summary>Runs one confirmed cluster; a failure is its result, so that the rolling runner can decide what comes next.</summary>
    private static async Task<FleetClusterChange> ExecuteAsync(FleetCluster cluster, ChangeSettings settings, FleetProgress progress,
        FleetChangeRenderer renderer, CancellationToken ct)
    {
        var context = cluster.Entry.Context;
        progress.Update(context, "starting");
        FleetClusterChange result;
        try
        {
            var report = await ChangeFlow.ExecuteAsync(cluster.Prepared!, settings, progress.For(context), ct);
            var failure = report.Outcome.FirstOrDefault(o => !o.Succeeded);
            result = cluster.Entry with
            {
                Change = report,
                Result = failure is not null ? ClusterResult.Failed : settings.DryRun == DryRun.Server ? ClusterResult.DryRun : ClusterResult.Changed,
                Reason = failure is null ? null : $"{failure.Component}: {failure.Message}",
            };
        }
        catch (Exception e) when (e is KubeException or OperationCanceledException)
        {
            result = cluster.Entry with { Result = ClusterResult.Failed, Reason = e is KubeException ? e.Message : "interrupted" };
        }
        progress.Update(context, $"{renderer.Label(result.Result)}{(result.Reason is null ? "" : ": " + result.Reason)}");
        return result;
    }

    /// <summary>One cluster of the fleet: its entry in the report, and what the confirmed run needs.</summary>
    private sealed record FleetCluster(FleetClusterChange Entry, PreparedChange? Prepared);
}
