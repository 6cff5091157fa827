using System.Diagnostics.CodeAnalysis;
using KubectlKlutch.Cli.Commands;
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
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(FleetOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(ClusterOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(CompletionOptions))]
    public static async Task<int> Main(string[] args)
    {
        using var interrupted = new CancellationTokenSource();
        // Not Console.CancelKeyPress: it sets the terminal up as System.Console does (see ProcessConsole).
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, e =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        });
        // kubectl (1.26+) completes `kubectl klutch ...` by running kubectl_complete-klutch from
        // PATH: a link to this binary under that name answers as `__complete` does.
        if (Path.GetFileNameWithoutExtension(Environment.GetCommandLineArgs()[0]) == CompletionCommand.CompletionExecutable)
            args = [CompletionCommand.Protocol, .. args];
        // One command per process: it may skip the machine's CA store when it trusts only the kubeconfig's CA.
        Net.MachineTrust.Enable();
        return await Cli.RunAsync(args, CliIo.System(), interrupted.Token);
    }
}
