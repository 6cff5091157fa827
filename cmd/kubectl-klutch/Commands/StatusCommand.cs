using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Output;
using KubectlKlutch.Status;

namespace KubectlKlutch.Cli.Commands;

public static class StatusCommand
{
    public static async Task<int> RunAsync(StatusOptions options, CliIo io, CancellationToken ct)
    {
        var format = ClusterSession.Format(options);
        using var read = await ClusterSession.ReadAsync(options, io, ComponentCatalog.All, ct);
        var report = StatusBuilder.Build(read.Context, read.Client.Server, read.Snapshot);
        StatusRenderer.Write(report, format, io.Out, io.Err, io.Terminal, io.Clock());
        return StatusBuilder.ExitCode(report);
    }
}
