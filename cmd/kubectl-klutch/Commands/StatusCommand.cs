using KubectlKlutch.Cli.Options;
using KubectlKlutch.Fleet;
using KubectlKlutch.Output;
using KubectlKlutch.Session;
using KubectlKlutch.Status;

namespace KubectlKlutch.Cli.Commands;

public static class StatusCommand
{
    public static async Task<int> RunAsync(StatusOptions options, CliIo io, CancellationToken ct)
    {
        var (format, template) = ClusterSession.StatusFormat(options);
        if (FleetSession.Choose(options, io, FleetSession.ReadParallel) is { } fleet)
        {
            if (format is OutputFormat.Name or OutputFormat.JsonPath)
                throw new UsageException($"-o {options.Output} prints one cluster's objects: use -o json or yaml for a fleet");
            var clusters = await FleetRunner.AllAsync(fleet.Members, fleet.MaxParallel, (m, c) => ReadOneAsync(fleet, m, c), ct);
            var report = FleetStatusBuilder.Build(clusters);
            FleetStatusRenderer.Write(report, format, io.Out, io.Err, io.Terminal, io.Clock());
            return report.Summary.ExitCode;
        }

        using var read = await ClusterSession.ReadAsync(options, io, ct, withBindings: true);
        var single = StatusBuilder.Build(read.Context, read.Server, read.Snapshot, read.Bindings, io.Clock());
        StatusRenderer.Write(single, format, io.Out, io.Err, io.Terminal, io.Clock(), template: template);
        return StatusBuilder.ExitCode(single);
    }

    /// <summary>One cluster of the fleet; a cluster that cannot be read is reported, never fatal to the others.</summary>
    private static async Task<StatusReport> ReadOneAsync(ChosenFleet fleet, KnownContext member, CancellationToken ct)
    {
        try
        {
            using var read = await fleet.ReadAsync(member, ct, withBindings: true);
            return StatusBuilder.Build(read.Context, read.Server, read.Snapshot, read.Bindings, DateTimeOffset.UtcNow);
        }
        catch (OperationFailedException e)
        {
            return StatusBuilder.Unread(member.Name, member.Server, e.Message);
        }
    }
}
