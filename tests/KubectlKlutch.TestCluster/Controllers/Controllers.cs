namespace KubectlKlutch.TestCluster;

/// <summary>
/// The controller loop: every StepInterval each controller takes one step over the whole state.
/// Stepping (instead of reacting instantly) is what lets a test watch a rollout pass through its
/// intermediate states, as it would on a real cluster.
/// </summary>
internal sealed class Controllers(TestApiServer server) : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly DeploymentController _deployments = new(server);
    private readonly PackageController _packages = new(server);
    private readonly RevertController _reverter = new(server);
    private readonly BindingController _bindings = new(server);
    private Task? _loop;

    public volatile bool Paused;

    public void Start() => _loop = Task.Run(() => RunAsync(_cts.Token));

    private async Task RunAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(server.Options.StepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (Paused)
                {
                    continue;
                }
                Step();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>One step of every controller; public to the assembly so tests of the controllers can drive time.</summary>
    internal void Step()
    {
        try
        {
            // The backend's reconciler writes konnector specs first, so that the deployment
            // controller reconciles what it wrote in the same step, as it sees the change next.
            _bindings.Step();
            _deployments.Step();
            _packages.Step();
            _reverter.Step();
        }
        catch (Exception e)
        {
            // A controller must outlive a malformed object a test put into the state, like a real one retries.
            Console.Error.WriteLine($"test cluster controller step failed (retrying next step): {e}");
        }
    }

    public void Dispose() => _cts.Dispose();

    public async Task StopAsync()
    {
        if (_cts.IsCancellationRequested)
        {
            return;
        }
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_loop != null)
        {
            await _loop.ConfigureAwait(false);
        }
    }
}
