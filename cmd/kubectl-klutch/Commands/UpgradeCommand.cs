using KubectlKlutch.Cli.Options;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli.Commands;

public static class UpgradeCommand
{
    public static async Task<int> RunAsync(UpgradeOptions options, CliIo io, CancellationToken ct)
    {
        // Refusals that need no cluster come first: nothing is read for a bad command.
        var request = ChangeRequest.Upgrade(options.Component, options.Version, options.Namespace, FlagValues.Registry(options.Registry), options.AllowDowngrade,
            options.Force, [.. options.IgnoreChecks], options.SkipRegistryCheck) with { TakeOver = options.TakeOver };
        var settings = ChangeFlow.Settings(options);
        if (request.Upstream && options.ChoosesFleet)
            throw new UsageException($"{request.Components[0].Name} is upgraded with its own Helm chart, not by the plugin, so it is not rolled through a fleet: run 'kubectl klutch upgrade {request.Components[0].Name} {options.Version} --context NAME' for the commands for one cluster");
        // Made before any cluster is read, so that its need of the machine's trust is known before the first handshake.
        var registry = request.AsksRegistry ? RegistrySession.Client(RegistrySession.Settings(io).Registry, io.Err, options.Verbosity) : null;
        var pipeline = new ChangePipeline(request, registry);
        return await ChangeFlow.RunAsync(options, settings, new ChangeWording($"upgrade {options.Component} to {options.Version}", "upgrade", "upgraded"), pipeline, io, ct);
    }
}
