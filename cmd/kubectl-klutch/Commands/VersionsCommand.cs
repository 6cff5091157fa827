using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Inventory;
using KubectlKlutch.Output;
using KubectlKlutch.Preflight;
using KubectlKlutch.Upgrade;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Cli.Commands;

public static class VersionsCommand
{
    public static async Task<int> RunAsync(VersionsOptions options, CliIo io, CancellationToken ct)
    {
        var format = ClusterSession.Format(options);
        var chosen = options.Component is null ? ComponentCatalog.All : ChangeRequest.ComponentsFor(options.Component);
        var registry = RegistrySession.Client(RegistrySession.Settings(io).Registry, io.Err, options.Verbosity);

        if (options.AllComponents)
        {
            var everything = chosen.Select(c => new VersionQuery(c, ImageReference.Parse(c.DefaultRepository), null));
            return Report(io, format, null, await VersionsBuilder.BuildAsync(everything, registry.ListTagsAsync, options.PreReleases, ct));
        }

        using var read = await ClusterSession.ReadAsync(options, io, ct);
        // What could be read is shown; what could not is named, and does not change the exit code.
        foreach (var unseen in read.Snapshot.Observations.OfType<UnreadableObservation>().Where(u => chosen.Contains(u.Component)))
            io.Err.WriteLine($"Warning: {unseen.Unseen} ({unseen.Reason})");
        var installed = Installed(read.Snapshot, chosen);
        // A component asked for by name that this cluster does not run (the konnector on a control plane) is bad input, as for upgrade.
        if (installed.Count == 0 && options.Component is not null && read.Snapshot.Roles.Count > 0)
            throw new UsageException(read.Snapshot.NotHere(chosen[0], read.Context, "versions command") + ", or pass --all-components for its releases");
        if (installed.Count == 0)
        {
            io.Out.WriteLine($"kubectl-klutch {PluginVersion.Current}, context {read.Context}");
            io.Err.WriteLine($"No Klutch component found in context \"{read.Context}\": use --all-components to list every component's releases.");
            return ExitCodes.Unhealthy;
        }
        var components = await VersionsBuilder.BuildAsync(installed, registry.ListTagsAsync, options.PreReleases, ct);
        return Report(io, format, read.Context, await PreflightCheck.MarkBlockedAsync(components, read.Snapshot, read.Reads, ct));
    }

    /// <summary>One line per component found: the first (newest generation) stands for it.</summary>
    private static List<VersionQuery> Installed(ClusterSnapshot snapshot, IReadOnlyList<Component> chosen) =>
    [
        .. chosen
            .Select(c => (Component: c, Current: VersionedField.FirstFound(snapshot, c)?.Current))
            .Where(x => ImageReference.TryParse(x.Current, out _))
            .Select(x => ImageReference.Parse(x.Current!) is var r ? new VersionQuery(x.Component, r, r.Tag) : null!),
    ];

    private static int Report(CliIo io, OutputFormat format, string? context, IReadOnlyList<ComponentVersions> components)
    {
        var report = new VersionsReport { PluginVersion = PluginVersion.Current, Context = context, Components = components };
        VersionsRenderer.Write(report, format, io.Out, io.Err);
        return VersionsBuilder.ExitCode(report);
    }
}
