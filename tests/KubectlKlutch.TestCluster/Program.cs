using System.Globalization;
using System.Runtime.InteropServices;
using KubectlKlutch.TestCluster;

// Try the plugin without a cluster: serve one scenario (or a fleet of it) until Ctrl-C.
//   dotnet run --project tests/KubectlKlutch.TestCluster -- control-plane
//   dotnet run --project tests/KubectlKlutch.TestCluster -- app-cluster --count 10
//   dotnet run --project tests/KubectlKlutch.TestCluster -- --list
//   dotnet run --project tests/KubectlKlutch.TestCluster -- app-cluster --missing-image public.ecr.aws/w5n9a2g2/klutch/konnector:v9.9.9
const string Usage = """
    usage: KubectlKlutch.TestCluster SCENARIO [--missing-image REF]... [--crashing-image REF]... [--missing-package REF]... [--unauthorized-package REF]... [--crossplane VERSION] [--count N]
           KubectlKlutch.TestCluster --list
      --crossplane VERSION   the Crossplane version the control plane plays (1.17.1, 1.20.0, 2.3.0)
      --count N   serve N servers of SCENARIO behind one kubeconfig, contexts SCENARIO-1 ... SCENARIO-N
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
int? count = null; // null: one server with its own kubeconfig
string? crossplane = null; // null: the scenario's own
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
        case "--unauthorized-package":
            marks.Add(images => images.MarkPackageUnauthorized(value));
            break;
        case "--crossplane" when System.Text.RegularExpressions.Regex.IsMatch(value, @"^v?\d+\.\d+\.\d+$"):
            crossplane = value;
            break;
        case "--crossplane":
            Console.Error.WriteLine($"--crossplane needs a Crossplane version such as 1.20.0 or 2.3.0, not \"{value}\"\n{Usage}");
            return 2;
        case "--count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1:
            count = n;
            break;
        case "--count":
            Console.Error.WriteLine($"--count needs a whole number of at least 1, not \"{value}\"\n{Usage}");
            return 2;
        default:
            Console.Error.WriteLine($"unknown option {args[i - 1]}\n{Usage}");
            return 2;
    }
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

var servers = new List<TestApiServer>();
try
{
    for (var i = 0; i < (count ?? 1); i++)
    {
        done.Token.ThrowIfCancellationRequested();
        var server = await TestApiServer.StartAsync(scenario, new TestApiServerOptions { CrossplaneVersion = crossplane });
        servers.Add(server);
        marks.ForEach(mark => mark(server.Images));
    }
    using var fleet = count == null ? null : FleetKubeconfig.Write([.. servers.Select((server, i) => server.As($"{scenario}-{i + 1}"))]);
    var kubeconfig = fleet?.Path ?? servers[0].KubeconfigPath;
    Console.WriteLine(kubeconfig);
    Console.Error.WriteLine(count == null
        ? $"serving scenario {scenario} at {servers[0].BaseAddress}; try: kubectl --kubeconfig {kubeconfig} get deployments -A"
        : $"serving scenario {scenario} {count} times as contexts {scenario}-1 ... {scenario}-{count}; try: kubectl klutch status --all-contexts --kubeconfig {kubeconfig}");
    Console.Error.WriteLine("press Ctrl-C to stop");
    await Task.Delay(Timeout.Infinite, done.Token);
}
catch (OperationCanceledException)
{
    // Stopped; the servers and their kubeconfigs are removed below.
}
finally
{
    foreach (var server in servers)
    {
        await server.DisposeAsync();
    }
}
return 0;
