using System.Runtime.InteropServices;
using KubectlKlutch.TestCluster;

// Try the plugin without a cluster.
//   dotnet run --project tests/KubectlKlutch.TestCluster -- tour
//   dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane                          # serve until Ctrl-C
//   dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane -- kubectl klutch status # run one command, then stop
//   dotnet run --project tests/KubectlKlutch.TestCluster -- app-cluster --count 10
//   dotnet run --project tests/KubectlKlutch.TestCluster -- --list
if (args is ["--list"])
{
    foreach (var name in Scenarios.All)
    {
        Console.WriteLine(name);
    }
    return 0;
}

// Ctrl-C, and the plain kill a script sends, both end the wait below so everything is disposed.
using var done = new CancellationTokenSource();
Action<PosixSignalContext> stop = signal =>
{
    signal.Cancel = true;
    done.Cancel();
};
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop);

if (args is ["tour", .. var extra])
{
    if (extra.Length > 0)
    {
        Console.Error.WriteLine($"tour takes no arguments, not \"{string.Join(' ', extra)}\"\n{SandboxArguments.Usage}");
        return 2;
    }
    return await Tour.RunAsync(done.Token);
}

var (arguments, error) = SandboxArguments.Parse(args);
if (arguments == null)
{
    Console.Error.WriteLine(error);
    return 2;
}

Sandbox sandbox;
try
{
    sandbox = await Sandbox.StartAsync(arguments, done.Token);
}
catch (OperationCanceledException)
{
    return 0;
}
catch (SandboxException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
await using (sandbox)
{
    if (arguments.Command is { } command)
    {
        return await SandboxCommand.RunAsync(command, sandbox.Environment, done.Token);
    }
    Console.WriteLine(sandbox.Environment.ExportLine());
    Console.Error.WriteLine(arguments.Count == null
        ? $"serving scenario {arguments.Scenario} at {sandbox.Servers[0].BaseAddress}; after the export line above, try: kubectl klutch status"
        : $"serving scenario {arguments.Scenario} {arguments.Count} times as contexts {arguments.Scenario}-1 ... {arguments.Scenario}-{arguments.Count}; after the export line above, try: kubectl klutch status --all-contexts");
    Console.Error.WriteLine("press Ctrl-C to stop");
    try
    {
        await Task.Delay(Timeout.Infinite, done.Token);
    }
    catch (OperationCanceledException)
    {
        // Stopped; the sandbox removes its servers and files as it is disposed.
    }
}
return 0;
