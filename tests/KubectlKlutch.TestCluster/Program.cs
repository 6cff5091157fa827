using KubectlKlutch.TestCluster;

// Try the plugin without a cluster: serve one scenario until Ctrl-C.
//   dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane
//   dotnet run --project tests/KubectlKlutch.TestCluster -- --list
if (args.Length != 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: KubectlKlutch.TestCluster SCENARIO | --list");
    Console.Error.WriteLine($"scenarios: {string.Join(", ", Scenarios.All)}");
    return 2;
}
if (args[0] == "--list")
{
    foreach (var name in Scenarios.All)
    {
        Console.WriteLine(name);
    }
    return 0;
}
if (!Scenarios.All.Contains(args[0]))
{
    Console.Error.WriteLine($"unknown scenario \"{args[0]}\"; known: {string.Join(", ", Scenarios.All)}");
    return 2;
}

await using var server = await TestApiServer.StartAsync(args[0]);
Console.WriteLine(server.KubeconfigPath);
Console.Error.WriteLine($"serving scenario {args[0]} at {server.BaseAddress}; try: kubectl --kubeconfig {server.KubeconfigPath} get deployments -A");
Console.Error.WriteLine("press Ctrl-C to stop");
using var done = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    done.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, done.Token);
}
catch (OperationCanceledException)
{
    // Ctrl-C: dispose stops the server and removes the kubeconfig.
}
return 0;
