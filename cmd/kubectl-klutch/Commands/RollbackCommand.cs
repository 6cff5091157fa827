using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Options;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli.Commands;

public static class RollbackCommand
{
    public static async Task<int> RunAsync(RollbackOptions options, CliIo io, CancellationToken ct)
    {
        var components = Planner.Components(options.Component);
        if (components is not [var component] || component.Upgrade != UpgradeMethod.Plugin)
            throw new UsageException($"rollback takes one component the plugin upgrades, not \"{options.Component}\"");
        var change = ChangeFlow.Settings(options);

        // Going back to what ran before: the release rules of the way forward do not apply.
        Task<PlannedChange> PlanAsync(ClusterRead read, CancellationToken ct) =>
            Task.FromResult(new PlannedChange([Planner.RollbackStep(read.Snapshot, read.Roles, read.Context, component, options.Namespace)], []));

        return await ChangeFlow.RunAsync(options, change, new ChangeKind($"roll back {component.Name}", "roll back", "rolled back"), PlanAsync, io, ct);
    }
}
