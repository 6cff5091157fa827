using KubectlKlutch.Cli.Options;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Cli.Commands;

public static class RollbackCommand
{
    public static async Task<int> RunAsync(RollbackOptions options, CliIo io, CancellationToken ct)
    {
        var request = ChangeRequest.Rollback(options.Component, options.Namespace) with { TakeOver = options.TakeOver };
        var settings = ChangeFlow.Settings(options);
        var pipeline = new ChangePipeline(request);
        return await ChangeFlow.RunAsync(options, settings, new ChangeWording($"roll back {request.Components[0].Name}", "roll back", "rolled back"), pipeline, io, ct);
    }
}
