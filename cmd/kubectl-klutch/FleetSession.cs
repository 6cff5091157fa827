using KubectlKlutch.Cli.Options;
using KubectlKlutch.Session;

namespace KubectlKlutch.Cli;

/// <summary>
/// Turns --contexts, --all-contexts or --fleet into the clusters to act on, from the kubeconfig
/// alone: a pattern that matches nothing or an unknown name is refused before any request.
/// </summary>
public static class FleetSession
{
    public const int ReadParallel = 16;
    public const int ChangeParallel = 1;

    /// <summary>The chosen fleet, or null when the command names no fleet (one cluster, as kubectl).</summary>
    public static ChosenFleet? Choose(FleetOptions options, CliIo io, int defaultParallel)
    {
        if (!options.ChoosesFleet)
        {
            if (options.MaxParallel is not null)
                throw new UsageException("--max-parallel applies to many clusters: add --contexts, --all-contexts or --fleet");
            return null;
        }
        if (new[] { options.Contexts.Any(), options.AllContexts, options.Fleet is not null }.Count(given => given) > 1)
            throw new UsageException("--contexts, --all-contexts and --fleet each choose the clusters: pass only one of them");
        foreach (var (flag, value) in new[] { ("--context", options.Context), ("--cluster", options.Cluster), ("--user", options.User) })
            if (value is not null)
                throw new UsageException($"{flag} picks one cluster and cannot be combined with --contexts, --all-contexts or --fleet: drop one of them");
        if (options.MaxParallel is < 1)
            throw new UsageException($"--max-parallel {options.MaxParallel} must be 1 or more");

        var (patterns, described) = options switch
        {
            { Fleet: { } name } => (Named(name, io), $"fleet \"{name}\""),
            { AllContexts: true } => ((IReadOnlyList<string>?)null, "--all-contexts"),
            _ => ([.. options.Contexts.SelectMany(c => c.Split(','))], "--contexts"),
        };
        var template = ClusterSession.Target(options);
        var fleet = ChosenFleet.Choose(ClusterSession.Kubeconfigs(template.Kubeconfig, io), template, patterns, described, options.MaxParallel ?? defaultParallel, io.Err);
        foreach (var d in fleet.Duplicates)
            io.Err.WriteLine($"Warning: contexts \"{d.SameAs}\" and \"{d.Name}\" reach the same API server ({d.Server}): acting on it once, as \"{d.SameAs}\".");
        return fleet;
    }

    private static IReadOnlyList<string> Named(string name, CliIo io)
    {
        var fleets = RegistrySession.Settings(io).Fleets;
        return fleets.TryGetValue(name, out var patterns) && patterns.Count > 0 ? patterns
            : throw new UsageException(fleets.Count == 0
                ? $"no fleet \"{name}\": the plugin's settings name no fleets; add one under Fleets in ~/.kube/klutch.json (or the file KLUTCH_CONFIG names)"
                : $"no fleet \"{name}\" in the plugin's settings: known fleets are {string.Join(", ", fleets.Keys.Order())}");
    }
}
