using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Preflight;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli.Commands;

public static class UpgradeCommand
{
    public static async Task<int> RunAsync(UpgradeOptions options, CliIo io, CancellationToken ct)
    {
        // Refusals that need no cluster come first: nothing is read for a bad command.
        var components = Planner.Components(options.Component);
        var upstream = components is [{ Upgrade: UpgradeMethod.Upstream }];
        var latest = string.Equals(options.Version, KnownReleases.Latest, StringComparison.OrdinalIgnoreCase);
        var version = upstream || latest ? null : Planner.Version(options.Version);
        PreflightCheck.ValidateIgnored(options.IgnoreChecks);
        var change = ChangeFlow.Settings(options);
        if (upstream && options.ChoosesFleet)
            throw new UsageException($"{components[0].Name} is upgraded with its own Helm chart, not by the plugin, so it is not rolled through a fleet: run 'kubectl klutch upgrade {components[0].Name} {options.Version} --context NAME' for the commands for one cluster");
        var registry = RegistrySession.Client(RegistrySession.Settings(io).Registry);
        var request = new UpgradeRequest
        {
            Target = options.Component, Version = options.Version, Namespace = options.Namespace,
            Registry = options.Registry, AllowDowngrade = options.AllowDowngrade, Force = options.Force,
        };

        async Task<PlannedChange> PlanAsync(ClusterRead read, CancellationToken ct)
        {
            if (upstream)
                throw new UsageException(UpstreamAdvice.For(components[0], read.Snapshot, options.Version));
            // "latest" is looked up where each cluster's images come from (a mirror stays a mirror).
            var to = version ?? await RegistryCheck.LatestAsync(registry, read.Snapshot, components[0], ct);
            var steps = components.Select(c => Planner.Step(read.Snapshot, read.Roles, read.Context, c, to, request)).ToList();
            if (!options.SkipRegistryCheck) await RegistryCheck.EnsureTagsExistAsync(registry, steps, ct);
            return new PlannedChange(steps, await PreflightCheck.EvaluateAsync(steps, read.Snapshot, read.Reads, [.. options.IgnoreChecks], ct));
        }

        return await ChangeFlow.RunAsync(options, change, new ChangeKind($"upgrade {options.Component} to {options.Version}", "upgrade", "upgraded"), PlanAsync, io, ct);
    }
}
