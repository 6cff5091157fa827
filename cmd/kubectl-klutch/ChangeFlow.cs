using KubectlKlutch.Cli.Options;
using KubectlKlutch.Output;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>
/// What `upgrade` and `rollback` do around the library's change pipeline: parse the flags, show
/// the plan, ask, show what happened, pick the exit code. Nothing is written before the
/// confirmation. A fleet goes through <see cref="FleetChangeFlow"/>, over the same pipeline.
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
        // Arguments has turned every spelling of true and false into these two.
        var wait = options.Wait is not "false";
        // 0 waits as long as it takes, as kubectl's `rollout status --timeout 0`.
        var timeout = FlagValues.Duration("--timeout", options.Timeout, RunSettings.DefaultTimeout, TimeSpan.MaxValue);
        if (options.ContinueOnError && !options.ChoosesFleet)
            throw new UsageException("--continue-on-error goes on with the other clusters of a fleet: add --contexts, --all-contexts or --fleet");
        return new ChangeSettings(format, dryRun, wait, timeout, options.Yes, options is UpgradeOptions { RollbackOnFailure: true }, options.ContinueOnError);
    }

    /// <summary>Runs the change on the context kubectl would use, or on every cluster of the fleet the flags choose.</summary>
    public static async Task<int> RunAsync(ChangeOptions options, ChangeSettings settings, ChangeWording wording, ChangePipeline pipeline, CliIo io, CancellationToken ct)
    {
        int exitCode;
        if (FleetSession.Choose(options, io, FleetSession.ChangeParallel) is { } fleet)
            exitCode = await FleetChangeFlow.RunAsync(fleet, pipeline, settings, wording, io, ct);
        else
        {
            using var read = await ClusterSession.ReadAsync(options, io, ct);
            var prepared = await pipeline.PrepareAsync(read, settings.DryRun, ct);
            exitCode = await RunOneAsync(prepared, pipeline, settings, wording, ClusterSession.Reach(options.Kubeconfig, read.Context), io, ct);
        }
        // Ctrl-C while following a rollout ends the follow (the cluster goes on); the outcome is printed, the exit is 130.
        return ct.IsCancellationRequested ? ExitCodes.Interrupted : exitCode;
    }

    /// <summary>Asks once, on the terminal; without one, refuses (exit 2) rather than guess.</summary>
    public static bool Confirm(CliIo io, string what, string question)
    {
        if (!io.Terminal.CanAsk)
            throw new UsageException($"refusing to change {what} without confirmation: there is no terminal to ask on; pass --yes");
        io.Err.Write($"{question} [y/N]: ");
        var answer = io.In.ReadLine()?.Trim().ToLowerInvariant();
        if (answer is "y" or "yes") return true;
        io.Err.WriteLine("Cancelled: nothing was changed.");
        return false;
    }

    private static async Task<int> RunOneAsync(PreparedChange prepared, ChangePipeline pipeline, ChangeSettings settings, ChangeWording wording, string reach, CliIo io, CancellationToken ct)
    {
        var change = prepared.Change;
        var renderer = new UpgradeRenderer(io.Out);
        var structured = StructuredOutput.IsStructured(settings.Format);

        switch (change.Result)
        {
            case ClusterResult.NotPresent or ClusterResult.Refused:
                throw new UsageException(change.Reason!);
            case ClusterResult.Forbidden:
                return Cli.Fail(io, change.Reason!, ExitCodes.Failed);
            case ClusterResult.Current:
                var current = OutcomeText.Complete(change.Report(), settings.Run, reach);
                if (structured) Write(io, current, settings);
                else renderer.Outcome(current.Plan, current.Outcome);
                return ExitCodes.Success;
        }

        var plan = change.Plan!;
        if (!structured)
        {
            renderer.Plan(plan);
            renderer.Findings(change.Findings);
        }
        if (change.Result == ClusterResult.Blocked)
        {
            if (structured) Write(io, change.Report(), settings);
            throw new UsageException($"refusing to {wording.Verb}: the release checks {string.Join(", ", change.Blockers)} block it on this cluster; fix what they name, or pass --ignore-check ID to override one on purpose; nothing was changed");
        }
        if (settings.DryRun == DryRun.Client)
        {
            if (structured) Write(io, change.Report(), settings);
            else io.Out.WriteLine("Dry run (client): nothing was sent to the cluster.");
            return ExitCodes.Success;
        }

        if (settings.DryRun == DryRun.None && !settings.Yes && change.Writes
            && !Confirm(io, $"context \"{plan.Context}\"", $"Apply this plan to context \"{plan.Context}\" ({plan.Server})?"))
            return ExitCodes.Failed;

        var line = new ProgressLine(io.Err, io.Terminal);
        var report = OutcomeText.Complete(await pipeline.ExecuteAsync(prepared, settings.Run, new StepProgress(line.Write), ct), settings.Run, reach);
        if (structured) Write(io, report, settings);
        else renderer.Outcome(plan, report.Outcome, report.FollowUps);
        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static void Write(CliIo io, UpgradeReport report, ChangeSettings settings) =>
        StructuredOutput.Write(io.Out, report, UpgradeJson.Default.UpgradeReport, settings.Format);
}
