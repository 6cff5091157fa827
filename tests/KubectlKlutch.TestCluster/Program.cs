using KubectlKlutch.TestCluster;

// Try the plugin without a cluster: serve one scenario until Ctrl-C.
//   dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane
//   dotnet run --project tests/KubectlKlutch.TestCluster -- --list
//   dotnet run --project tests/KubectlKlutch.TestCluster -- app-cluster --missing-image public.ecr.aws/w5n9a2g2/klutch/konnector:v9.9.9
const string Usage = """
    usage: KubectlKlutch.TestCluster SCENARIO [--missing-image REF]... [--crashing-image REF]... [--missing-package REF]...
           KubectlKlutch.TestCluster --list
    """;
if (args is ["--list"])
{
    foreach (var name in Scenarios.All)
    {
        Console.WriteLine(name);
    }
    return 0;
}
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine(Usage);
    Console.Error.WriteLine($"scenarios: {string.Join(", ", Scenarios.All)}");
    return 2;
}
var scenario = args[0];
if (!Scenarios.All.Contains(scenario))
{
    Console.Error.WriteLine($"unknown scenario \"{scenario}\"; known: {string.Join(", ", Scenarios.All)}");
    return 2;
}
var marks = new List<Action<Images>>();
for (var i = 1; i < args.Length; i++)
{
    if (i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{args[i]} needs a value\n{Usage}");
        return 2;
    }
    var value = args[++i];
    switch (args[i - 1])
    {
        case "--missing-image":
            marks.Add(images => images.MarkMissing(value));
            break;
        case "--crashing-image":
            marks.Add(images => images.MarkCrashing(value));
            break;
        case "--missing-package":
            marks.Add(images => images.MarkPackageMissing(value));
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i - 1]}\n{Usage}");
            return 2;
    }
}

await using var server = await TestApiServer.StartAsync(scenario);
foreach (var mark in marks)
{
    mark(server.Images);
}
Console.WriteLine(server.KubeconfigPath);
Console.Error.WriteLine($"serving scenario {scenario} at {server.BaseAddress}; try: kubectl --kubeconfig {server.KubeconfigPath} get deployments -A");
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
