using KubectlKlutch.Cli.Options;
using KubectlKlutch.Kube;
using KubectlKlutch.Output;
using KubectlKlutch.Preflight;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli;

/// <summary>
/// What `upgrade` and `rollback` share once the plan exists: say where, check permission,
/// dry runs, confirmation, run, report. Nothing is written before the confirmation.
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
        return new ChangeSettings(format, dryRun, wait, timeout, options.Yes, options is UpgradeOptions { RollbackOnFailure: true });
    }

    public static async Task<int> RunAsync(KubeClient client, IReadOnlyList<PlanStep> steps, IReadOnlyList<Finding> findings,
        ChangeSettings settings, ClusterTarget target, CliIo io, CancellationToken ct)
    {
        var (format, dryRun, wait, timeout, yes, rollbackOnFailure) = settings;
        var applier = new Applier(client);
        var user = await applier.WhoAmIAsync(ct);
        var plan = new UpgradePlan { Context = client.Context.Context, Server = client.Server, User = user, Steps = steps };
        var renderer = new UpgradeRenderer(io.Out, io.Err, io.Terminal);
        var structured = StructuredOutput.IsStructured(format);

        if (steps.All(s => s.UpToDate))
        {
            var outcome = steps.Select(s => new StepOutcome(s.Component, StepResult.UpToDate, $"already runs {s.To}")).ToList();
            if (structured) StructuredOutput.Write(io.Out, new UpgradeReport(plan, findings, outcome, []), Upgrade.UpgradeJson.Default.UpgradeReport, format);
            else renderer.Outcome(plan, outcome);
            return ExitCodes.Success;
        }

        if (dryRun != DryRun.Client)
            foreach (var step in steps.Where(s => !s.UpToDate)) await applier.EnsureAllowedAsync(step, user, ct);

        if (!structured)
        {
            renderer.Plan(plan);
            renderer.Findings(findings);
        }
        var blockers = findings.Where(f => f.Blocks).Select(f => f.Id).Distinct().ToList();
        if (dryRun == DryRun.Client || blockers.Count > 0)
        {
            if (structured) StructuredOutput.Write(io.Out, new UpgradeReport(plan, findings, [], []), Upgrade.UpgradeJson.Default.UpgradeReport, format);
            else if (blockers.Count == 0) io.Out.WriteLine("Dry run (client): nothing was sent to the cluster.");
            if (blockers.Count > 0)
                throw new UsageException($"refusing to upgrade: the release checks {string.Join(", ", blockers)} block it on this cluster; fix what they name, or pass --ignore-check ID to override one on purpose; nothing was changed");
            return ExitCodes.Success;
        }

        if (dryRun == DryRun.None && !yes)
        {
            if (!io.Terminal.IsInteractive)
                throw new UsageException($"refusing to change context \"{plan.Context}\" without confirmation: there is no terminal to ask on; pass --yes");
            io.Err.Write($"Apply this plan to context \"{plan.Context}\" ({plan.Server})? [y/N]: ");
            var answer = io.In.ReadLine()?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes"))
            {
                io.Err.WriteLine("Cancelled: nothing was changed.");
                return ExitCodes.Failed;
            }
        }

        var run = new RunSettings
        {
            ServerDryRun = dryRun == DryRun.Server,
            Wait = wait,
            Timeout = timeout,
            RollbackOnFailure = rollbackOnFailure,
            ContextFlags = (target.Kubeconfig is null ? "" : $" --kubeconfig {target.Kubeconfig}") + $" --context {plan.Context}",
        };
        var outcomes = await new UpgradeRunner(client, renderer).RunAsync(plan, run, ct);
        var followUps = steps.Zip(outcomes).Where(p => p.Second.Result == StepResult.Upgraded && p.First.Catalog?.AfterUpgrade is not null)
            .Select(p => $"{p.First.Component}: {p.First.Catalog!.AfterUpgrade}").ToList();
        if (structured) StructuredOutput.Write(io.Out, new UpgradeReport(plan, findings, outcomes, followUps), Upgrade.UpgradeJson.Default.UpgradeReport, format);
        else renderer.Outcome(plan, outcomes, followUps);
        return outcomes.All(o => o.Succeeded) ? ExitCodes.Success : ExitCodes.Failed;
    }

}

public enum DryRun
{
    None,
    Client,
    Server,
}

/// <summary>The flags of `upgrade` and `rollback`, parsed.</summary>
public sealed record ChangeSettings(OutputFormat Format, DryRun DryRun, bool Wait, TimeSpan Timeout, bool Yes, bool RollbackOnFailure);
