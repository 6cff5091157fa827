using System.Diagnostics.CodeAnalysis;
using KubectlKlutch.Cli.Options;

namespace KubectlKlutch.Cli;

internal static class Program
{
    // CommandLineParser sets options through reflection; under Native AOT the trimmer removes
    // those setters unless every options type is kept here, and the verbs then abort at run time.
    // The tests run every verb from the published binary to prove this list complete.
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(StatusOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(VersionOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(VersionsOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(UpgradeOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(RollbackOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ChangeOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ClusterOptions))]
    public static async Task<int> Main(string[] args)
    {
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        return await Cli.RunAsync(args, CliIo.System(), interrupted.Token);
    }
}
