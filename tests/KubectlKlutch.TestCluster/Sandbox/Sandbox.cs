namespace KubectlKlutch.TestCluster;

/// <summary>
/// One scenario (or a fleet of it) served for a person or a script: the API servers, the
/// registry, one kubeconfig (in its own temp directory, or at the path the user gave) and the
/// environment that points the plugin at them. Dispose stops everything and removes every file.
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    private readonly List<TestApiServer> _servers = [];
    private SandboxRegistry? _registry;
    private FleetKubeconfig? _fleet;
    private string? _writtenKubeconfig;

    private Sandbox()
    {
    }

    public IReadOnlyList<TestApiServer> Servers => _servers;

    public SandboxEnvironment Environment { get; private set; } = null!;

    public static async Task<Sandbox> StartAsync(SandboxArguments arguments, CancellationToken ct)
    {
        var sandbox = new Sandbox();
        try
        {
            for (var i = 0; i < (arguments.Count ?? 1); i++)
            {
                ct.ThrowIfCancellationRequested();
                var server = await TestApiServer.StartAsync(arguments.Scenario, new TestApiServerOptions { Http1Only = arguments.Http1Only, CrossplaneVersion = arguments.CrossplaneVersion }).ConfigureAwait(false);
                sandbox._servers.Add(server);
                foreach (var mark in arguments.Marks)
                    mark(server.Images);
            }
            sandbox._fleet = arguments.Count == null ? null
                : FleetKubeconfig.Write([.. sandbox._servers.Select((server, i) => server.As($"{arguments.Scenario}-{i + 1}"))]);
            var kubeconfig = sandbox._fleet?.Path ?? sandbox._servers[0].KubeconfigPath;
            if (arguments.KubeconfigPath is { } path)
            {
                WriteNew(path, File.ReadAllText(kubeconfig));
                sandbox._writtenKubeconfig = kubeconfig = path;
            }
            sandbox._registry = await SandboxRegistry.StartAsync(SandboxTags.ByRepository()).ConfigureAwait(false);
            sandbox.Environment = SandboxEnvironment.Create(kubeconfig, sandbox._registry);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A new file only (never over the user's own kubeconfig), owner-only: it holds bearer tokens.</summary>
    private static void WriteNew(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var file = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
            file.Write(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SandboxException($"cannot write the kubeconfig to {path}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Environment?.Dispose();
        if (_registry != null)
            await _registry.DisposeAsync().ConfigureAwait(false);
        _fleet?.Dispose();
        foreach (var server in _servers)
            await server.DisposeAsync().ConfigureAwait(false);
        if (_writtenKubeconfig != null)
            File.Delete(_writtenKubeconfig);
    }
}

/// <summary>What the user asked for cannot be done (their input, not the sandbox, is at fault): one sentence, exit 2.</summary>
public sealed class SandboxException(string message) : Exception(message);
