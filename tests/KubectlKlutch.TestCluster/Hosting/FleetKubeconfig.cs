namespace KubectlKlutch.TestCluster;

/// <summary>One context of a fleet kubeconfig: its name, the server it reaches and the token it sends.</summary>
public sealed record FleetEntry(string Context, Uri Server, string Token);

/// <summary>
/// One kubeconfig for many test servers, as an operator's merged kubeconfig of a fleet looks:
/// each context (with its own cluster and user entry) named as the test chooses. The file is
/// removed on dispose.
/// </summary>
public sealed class FleetKubeconfig : IDisposable
{
    private readonly string _dir;

    private FleetKubeconfig(IReadOnlyList<FleetEntry> entries)
    {
        _dir = Directory.CreateTempSubdirectory("klutch-fleet-").FullName;
        Path = System.IO.Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(Path, Kubeconfig.Render(entries, Certificates.CaPem, entries[0].Context));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public string Path { get; }

    /// <summary>Writes the kubeconfig; the first entry is the current context.</summary>
    public static FleetKubeconfig Write(params FleetEntry[] entries) =>
        entries.Length == 0 ? throw new ArgumentException("a fleet needs at least one context", nameof(entries)) : new FleetKubeconfig(entries);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Already gone; nothing to clean.
        }
    }
}
