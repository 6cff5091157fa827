using KubectlKlutch.Preflight;
using KubectlKlutch.Registry;
using KubectlKlutch.Session;

namespace KubectlKlutch.Upgrade;

/// <summary>One cluster's change, ready for the confirmation: the verdict and plan (plain data) and the connection that carries it out.</summary>
public sealed record PreparedChange(ClusterRead Read, ClusterChange Change);

/// <summary>
/// The one change path, the same for a single cluster and for each member of a fleet:
/// plan (latest, planner, registry check, release checks) → prepare (who we are, RBAC) →
/// [the caller confirms] → execute (patch, follow). Each stage answers with a value; an
/// exception means the cluster or the registry could not be asked.
/// </summary>
/// <param name="registry">Where `latest` and the tags are checked; a rollback asks no registry.</param>
public sealed class ChangePipeline(ChangeRequest request, RegistryClient? registry = null)
{
    private RegistryClient Registry => registry ?? throw new InvalidOperationException("an upgrade is planned with a registry client");

    /// <summary>Plans from the snapshot, then asks who we are and whether RBAC lets us patch: everything before the confirmation.</summary>
    public async Task<PreparedChange> PrepareAsync(ClusterRead read, DryRun dryRun, CancellationToken ct)
    {
        var change = await PlanAsync(read, ct);
        if (change.Plan is null) return new(read, change);
        var permissions = new Permissions(read.Client);
        var user = await permissions.WhoAmIAsync(ct);
        change = change with { Plan = change.Plan with { User = user } };
        if (change.Result == ClusterResult.Planned && dryRun != DryRun.Client)
            foreach (var step in change.Plan.Steps.Where(s => !s.UpToDate))
                if (await permissions.DenialAsync(step, user, ct) is { } denial)
                    return new(read, change with { Result = ClusterResult.Forbidden, Reason = denial });
        return new(read, change);
    }

    public async Task<ClusterChange> PlanAsync(ClusterRead read, CancellationToken ct)
    {
        var snapshot = read.Snapshot;
        if (request.Upstream) return ClusterChange.Not(ClusterResult.Refused, UpstreamAdvice.For(request.Components[0], snapshot, request.VersionText));

        var version = request.Version;
        if (request.Latest)
        {
            // Looked up where each cluster's images come from: a mirror stays a mirror.
            var (latest, refusal) = await RegistryCheck.LatestAsync(Registry, snapshot, request.Components[0], ct);
            if (latest is null) return ClusterChange.Not(ClusterResult.Refused, refusal!);
            version = latest;
        }

        var decisions = request.Components.Select(c => request.Kind == ChangeKind.Upgrade
            ? Planner.Upgrade(snapshot, read.Context, c, version!, request)
            : Planner.Rollback(snapshot, read.Context, c, request.Namespace)).ToList();
        if (decisions.FirstOrDefault(d => d.Step is null) is { } not) return ClusterChange.Not(not.Result, not.Reason!);

        var plan = new UpgradePlan { Context = read.Context, Server = read.Server, Steps = [.. decisions.Select(d => d.Step!)] };
        (plan, var owned) = await Ownership.OwnerCheck.ApplyAsync(plan, read.Client, request.TakeOver, ct);
        if (owned is not null) return ClusterChange.Not(ClusterResult.Refused, owned);
        if (request.Kind == ChangeKind.Rollback)
            // Going back to what ran before: the release rules of the way forward do not apply.
            return Verdict(plan, []);
        if (!request.SkipRegistryCheck && await RegistryCheck.MissingTagAsync(Registry, plan.Steps, ct) is { } missing)
            return ClusterChange.Not(ClusterResult.Refused, missing);
        return Verdict(plan, await PreflightCheck.EvaluateAsync(plan.Steps, snapshot, read.Reads, request.IgnoreChecks, ct));
    }

    private static ClusterChange Verdict(UpgradePlan plan, IReadOnlyList<Finding> findings)
    {
        var change = new ClusterChange { Result = ClusterResult.Planned, Plan = plan, Findings = findings };
        return change.Blockers is { Count: > 0 } blockers
            ? change with { Result = ClusterResult.Blocked, Reason = $"the release checks {string.Join(", ", blockers)} block it; fix what they name, or pass --ignore-check ID" }
            : plan.Steps.All(s => s.Done) ? change with { Result = ClusterResult.Current }
            : change;
    }

    /// <summary>Patches and follows a confirmed plan; the outcome's sentences are the output layer's (<see cref="Output.OutcomeText"/>).</summary>
    public async Task<UpgradeReport> ExecuteAsync(PreparedChange prepared, RunSettings settings, IUpgradeObserver observer, CancellationToken ct)
    {
        var plan = prepared.Change.Plan!;
        var outcomes = await new UpgradeRunner(prepared.Read.Client, observer).RunAsync(plan, settings, ct);
        // The product page's later steps belong to the way forward only.
        var followUps = request.Kind != ChangeKind.Upgrade ? [] : plan.Steps.Zip(outcomes)
            .Where(p => p.Second.Result == StepResult.Upgraded && p.First.Catalog.AfterUpgrade is not null)
            .Select(p => $"{p.First.Component}: {p.First.Catalog.AfterUpgrade}").ToList();
        return new UpgradeReport(plan, prepared.Change.Findings, outcomes, followUps);
    }
}
