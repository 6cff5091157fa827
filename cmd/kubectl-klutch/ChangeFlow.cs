using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Output;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>
/// What `upgrade` and `rollback` share once a cluster's plan can be made: say where, check
/// permission, dry runs, confirmation, run, report. Nothing is written before the confirmation.
/// The steps are separate (prepare, confirm, execute) so that a fleet can run them per cluster
/// under one confirmation.
/// </summary>
public static class ChangeFlow
{
    /// <summary>
    /// The flags of a change, checked before anything is read: a bad --dry-run, --wait,
    /// --timeout or -o is refused without contacting the cluster.
    /// </summary>
    public static ChangeSettings Settings(ChangeOptions options)
    {
        var format = ClusterSession.Format(options);
        var dryRun = options.DryRun switch
        {
            null or "none" => DryRun.None,
            "client" => DryRun.Client,
            "server" => DryRun.Server,
            _ => throw new UsageException($"--dry-run={options.DryRun} is not a dry-run mode: use client or server"),
        };
        var wait = options.Wait switch
        {
            null or "true" => true,
            "false" => false,
            _ => throw new UsageException($"--wait={options.Wait} must be true or false"),
        };
        var timeout = TimeSpan.FromMinutes(5);
        if (options.Timeout is not null && (!Durations.TryParse(options.Timeout, out timeout) || timeout <= TimeSpan.Zero))
            throw new UsageException($"--timeout {options.Timeout} is not a duration: use a value such as 90s or 10m");
        if (options.ContinueOnError && !options.ChoosesFleet)
            throw new UsageException("--continue-on-error goes on with the other clusters of a fleet: add --contexts, --all-contexts or --fleet");
        return new ChangeSettings(format, dryRun, wait, timeout, options.Yes, options is UpgradeOptions { RollbackOnFailure: true }, options.ContinueOnError);
    }

    /// <summary>Runs the change on the context kubectl would use, or on every cluster of the fleet the flags choose.</summary>
    public static async Task<int> RunAsync(ChangeOptions options, ChangeSettings settings, ChangeKind kind, ClusterPlanner planner, CliIo io, CancellationToken ct)
    {
        if (FleetSession.Choose(options, io, FleetSession.ChangeParallel) is { } fleet)
            return await FleetChangeFlow.RunAsync(fleet, planner, settings, kind, io, ct);
        using var read = await ClusterSession.ReadAsync(options, io, ComponentCatalog.All, ct);
        return await RunOneAsync(await PrepareAsync(read, await planner(read, ct), settings.DryRun, ct), settings, io, ct);
    }

    /// <summary>Who we are, the plan and the permission to carry it out: everything before the confirmation.</summary>
    public static async Task<PreparedChange> PrepareAsync(ClusterRead read, PlannedChange planned, DryRun dryRun, CancellationToken ct)
    {
        var applier = new Applier(read.Client);
        var user = await applier.WhoAmIAsync(ct);
        var plan = new UpgradePlan { Context = read.Context, Server = read.Client.Server, User = user, Steps = planned.Steps };
        if (dryRun != DryRun.Client)
            foreach (var step in planned.Steps.Where(s => !s.UpToDate)) await applier.EnsureAllowedAsync(step, user, ct);
        return new PreparedChange(read, plan, planned.Findings);
    }

    /// <summary>Asks once, on the terminal; without one, refuses (exit 2) rather than guess.</summary>
    public static bool Confirm(CliIo io, string what, string question)
    {
        if (!io.Terminal.IsInteractive)
            throw new UsageException($"refusing to change {what} without confirmation: there is no terminal to ask on; pass --yes");
        io.Err.Write($"{question} [y/N]: ");
        var answer = io.In.ReadLine()?.Trim().ToLowerInvariant();
        if (answer is "y" or "yes") return true;
        io.Err.WriteLine("Cancelled: nothing was changed.");
        return false;
    }

    /// <summary>Patches and follows one cluster's plan, the confirmed part.</summary>
    public static async Task<UpgradeReport> ExecuteAsync(PreparedChange change, ChangeSettings settings, IUpgradeObserver observer, CancellationToken ct)
    {
        var target = change.Read.Target;
        var run = new RunSettings
        {
            ServerDryRun = settings.DryRun == DryRun.Server,
            Wait = settings.Wait,
            Timeout = settings.Timeout,
            RollbackOnFailure = settings.RollbackOnFailure,
            ContextFlags = (target.Kubeconfig is null ? "" : $" --kubeconfig {target.Kubeconfig}") + $" --context {change.Plan.Context}",
        };
        var outcomes = await new UpgradeRunner(change.Read.Client, observer).RunAsync(change.Plan, run, ct);
        var followUps = change.Plan.Steps.Zip(outcomes).Where(p => p.Second.Result == StepResult.Upgraded && p.First.Catalog?.AfterUpgrade is not null)
            .Select(p => $"{p.First.Component}: {p.First.Catalog!.AfterUpgrade}").ToList();
        return new UpgradeReport(change.Plan, change.Findings, outcomes, followUps);
    }

    private static async Task<int> RunOneAsync(PreparedChange change, ChangeSettings settings, CliIo io, CancellationToken ct)
    {
        var renderer = new UpgradeRenderer(io.Out);
        var structured = StructuredOutput.IsStructured(settings.Format);
        var plan = change.Plan;

        if (change.Done)
        {
            var report = change.AlreadyDone();
            if (structured) Write(io, report, settings);
            else renderer.Outcome(plan, report.Outcome);
            return ExitCodes.Success;
        }

        if (!structured)
        {
            renderer.Plan(plan);
            renderer.Findings(change.Findings);
        }
        if (settings.DryRun == DryRun.Client || change.Blockers.Count > 0)
        {
            if (structured) Write(io, change.Planned(), settings);
            else if (change.Blockers.Count == 0) io.Out.WriteLine("Dry run (client): nothing was sent to the cluster.");
            if (change.Blockers.Count > 0)
                throw new UsageException($"refusing to upgrade: the release checks {string.Join(", ", change.Blockers)} block it on this cluster; fix what they name, or pass --ignore-check ID to override one on purpose; nothing was changed");
            return ExitCodes.Success;
        }

        if (settings.DryRun == DryRun.None && !settings.Yes && change.Writes
            && !Confirm(io, $"context \"{plan.Context}\"", $"Apply this plan to context \"{plan.Context}\" ({plan.Server})?"))
            return ExitCodes.Failed;

        var line = new ProgressLine(io.Err, io.Terminal);
        var outcome = await ExecuteAsync(change, settings, new StepProgress(line.Write), ct);
        if (structured) Write(io, outcome, settings);
        else renderer.Outcome(plan, outcome.Outcome, outcome.FollowUps);
        return outcome.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static void Write(CliIo io, UpgradeReport report, ChangeSettings settings) =>
        StructuredOutput.Write(io.Out, report, UpgradeJson.Default.UpgradeReport, settings.Format);
}
