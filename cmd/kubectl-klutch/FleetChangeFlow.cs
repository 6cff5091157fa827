using KubectlKlutch.Output;
using KubectlKlutch.Session;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>
/// A change rolled through a fleet, around the library's <see cref="FleetChange"/>: the fleet
/// plan, one confirmation for all of it, live progress per cluster, the outcome and the exit
/// code. Running it again resumes, since clusters already at the version are no-ops.
/// </summary>
public static class FleetChangeFlow
{
    public static async Task<int> RunAsync(ChosenFleet fleet, ChangePipeline pipeline, ChangeSettings settings, ChangeWording wording, CliIo io, CancellationToken ct)
    {
        var members = await FleetChange.PrepareAsync(fleet, pipeline, settings.DryRun, ct);
        try
        {
            if (members.All(m => m.Entry.Result == ClusterResult.NotPresent))
                throw new UsageException($"none of the {members.Count} chosen clusters has what to {wording.Verb}: {members[0].Entry.Reason}");
            return await RunPreparedAsync(members, fleet, pipeline, settings, wording, io, ct);
        }
        finally
        {
            foreach (var member in members) member.Dispose();
        }
    }

    private static async Task<int> RunPreparedAsync(IReadOnlyList<FleetMember> members, ChosenFleet fleet, ChangePipeline pipeline, ChangeSettings settings,
        ChangeWording wording, CliIo io, CancellationToken ct)
    {
        var renderer = new FleetChangeRenderer(io.Out, wording.Verb, wording.Done);
        var structured = StructuredOutput.IsStructured(settings.Format);
        var planned = members.Where(m => m.Entry.Result == ClusterResult.Planned).ToList();
        if (!structured) renderer.Plan(wording.Action, [.. members.Select(m => Completed(m.Entry, fleet, settings))], fleet.MaxParallel);

        if (settings.DryRun == DryRun.None && !settings.Yes && planned.Any(m => m.Prepared!.Change.Writes))
        {
            // One cluster a line: a long fleet stays readable, and each name can be checked.
            var names = string.Concat(planned.Select(m => $"\n  {m.Entry.Context}"));
            var clusters = $"{planned.Count} {(planned.Count == 1 ? "cluster" : "clusters")}";
            if (!ChangeFlow.Confirm(io, clusters, $"Apply this plan to these {clusters}:{names}\nProceed?"))
                return ExitCodes.Failed;
        }

        IReadOnlyList<FleetClusterChange> results = [.. members.Select(m => m.Entry)];
        if (planned.Count > 0 && settings.DryRun != DryRun.Client)
        {
            var progress = new FleetProgress(io.Err, io.Terminal,
                [.. members.Select(m => (m.Entry.Context, m.Entry.Result == ClusterResult.Planned ? "waiting" : $"skipped: {renderer.Label(m.Entry.Result)}"))]);
            results = await FleetChange.RollAsync(members, pipeline, settings.Run, fleet.MaxParallel, settings.ContinueOnError,
                context =>
                {
                    progress.Update(context, "starting");
                    return progress.For(context);
                },
                result => progress.Update(result.Context, $"{renderer.Label(result.Result)}{(result.Reason is null ? "" : ": " + result.Reason)}"), ct);
        }
        results = [.. results.Select(r => Completed(r, fleet, settings))];

        if (structured)
            StructuredOutput.Write(io.Out, new FleetChangeReport(results, FleetChangeSummary.Of(results)), UpgradeJson.Default.FleetChangeReport, settings.Format);
        else if (settings.DryRun == DryRun.Client)
            io.Out.WriteLine($"Dry run (client): nothing was sent to any cluster. {renderer.Summary(results)}");
        else
            renderer.Outcome(results);
        return results.All(r => r.Fine) ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>The cluster's report with its sentences and the commands that reach it again.</summary>
    private static FleetClusterChange Completed(FleetClusterChange result, ChosenFleet fleet, ChangeSettings settings) =>
        result.Change is { } change ? result with { Change = OutcomeText.Complete(change, settings.Run, ClusterSession.Reach(fleet.Template.Kubeconfig, result.Context)) } : result;
}
