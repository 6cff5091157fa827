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
        var registry = RegistrySession.Client(RegistrySession.Settings(io).Registry);
        using var read = await ClusterSession.ReadAsync(options, io, ComponentCatalog.All, ct);

        if (upstream)
            throw new UsageException(UpstreamAdvice.For(components[0], read.Snapshot, options.Version));
        version ??= await RegistryCheck.LatestAsync(registry, read.Snapshot, components[0], ct);

        var request = new UpgradeRequest
        {
            Target = options.Component, Version = options.Version, Namespace = options.Namespace,
            Registry = options.Registry, AllowDowngrade = options.AllowDowngrade, Force = options.Force,
        };
        var steps = components.Select(c => Planner.Step(read.Snapshot, read.Roles, read.Context, c, version, request)).ToList();
        if (!options.SkipRegistryCheck) await RegistryCheck.EnsureTagsExistAsync(registry, steps, ct);
        var findings = await PreflightCheck.EvaluateAsync(steps, read.Snapshot, read.Reads, [.. options.IgnoreChecks], ct);
        return await ChangeFlow.RunAsync(read.Client, steps, findings, change, read.Target, io, ct);
    }
}
