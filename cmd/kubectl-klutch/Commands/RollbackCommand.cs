using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Inventory;
using KubectlKlutch.Status;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli.Commands;

public static class RollbackCommand
{
    public static async Task<int> RunAsync(RollbackOptions options, CliIo io, CancellationToken ct)
    {
        var components = Planner.Components(options.Component);
        if (components is not [var component] || component.Upgrade != UpgradeMethod.Plugin)
            throw new UsageException($"rollback takes one component the plugin upgrades, not \"{options.Component}\"");
        ClusterSession.Format(options);
        var target = ClusterSession.Target(options);
        using var client = ClusterSession.Connect(target, io);
        var snapshot = await new InventoryReader(client).ReadAsync(ComponentCatalog.All, ct);
        var roles = StatusBuilder.Build(client.Context.Context, client.Server, snapshot).Roles;
        var step = Planner.RollbackStep(snapshot, roles, client.Context.Context, component, options.Namespace);
        return await ChangeFlow.RunAsync(client, [step], options, target, io, ct);
    }
}
