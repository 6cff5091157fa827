using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Inventory;
using KubectlKlutch.Output;
using KubectlKlutch.Status;

namespace KubectlKlutch.Cli.Commands;

public static class StatusCommand
{
    public static async Task<int> RunAsync(StatusOptions options, CliIo io, CancellationToken ct)
    {
        var format = ClusterSession.Format(options);
        using var client = ClusterSession.Connect(ClusterSession.Target(options), io);
        var snapshot = await new InventoryReader(client).ReadAsync(ComponentCatalog.All, ct);
        var report = StatusBuilder.Build(client.Context.Context, client.Server, snapshot);
        StatusRenderer.Write(report, format, io.Out, io.Err, io.Terminal, io.Clock());
        return StatusBuilder.ExitCode(report);
    }
}
