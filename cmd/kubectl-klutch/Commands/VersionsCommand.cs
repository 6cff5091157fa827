using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Inventory;
using KubectlKlutch.Output;
using KubectlKlutch.Upgrade;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Cli.Commands;

public static class VersionsCommand
{
    public static async Task<int> RunAsync(VersionsOptions options, CliIo io, CancellationToken ct)
    {
        var format = ClusterSession.Format(options);
        var chosen = options.Component is null ? ComponentCatalog.All : Planner.Components(options.Component);
        var settings = RegistrySession.Settings(io);
        var registry = RegistrySession.Client(settings.Registry);

        string? context = null;
        List<VersionQuery> queries;
        if (options.AllComponents)
        {
            queries = [.. chosen.Select(c => new VersionQuery(c, ImageReference.Parse(c.DefaultRepository), null))];
        }
        else
        {
            using var read = await ClusterSession.ReadAsync(options, io, chosen, ct);
            context = read.Context;
            // One line per component: the first found (newest generation) stands for it.
            queries = [.. read.Snapshot.Observations
                .Where(o => o is DeploymentObservation or PackageObservation)
                .GroupBy(o => o.Component)
                .Select(g => (Component: g.Key, Current: VersionedField.For(g.First()).Current))
                .Where(x => ImageReference.TryParse(x.Current, out _))
                .Select(x => ImageReference.Parse(x.Current!) is var r ? new VersionQuery(x.Component, r, r.Tag) : null!)];
            if (queries.Count == 0)
            {
                io.Out.WriteLine($"kubectl-klutch {PluginVersion.Current}, context {context}");
                io.Err.WriteLine($"No Klutch component found in context \"{context}\": use --all-components to list every component's releases.");
                return ExitCodes.Unhealthy;
            }
        }

        var components = await VersionsBuilder.BuildAsync(queries, registry.ListTagsAsync, options.PreReleases, ct);
        var report = new VersionsReport { PluginVersion = PluginVersion.Current, Context = context, Components = components };
        VersionsRenderer.Write(report, format, io.Out, io.Err);
        return VersionsBuilder.ExitCode(report);
    }
}
