using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Session;

/// <summary>`kubectl klutch version`'s one request: the API server's own version.</summary>
public static class ServerVersion
{
    public static async Task<string?> ReadAsync(ClusterTarget target, KubeconfigSource source, TextWriter log, CancellationToken ct)
    {
        using var client = ClusterRead.Connect(target, source.Load(), log);
        return (await client.GetAsync("/version", KubeJson.Default.VersionInfo, ct)).GitVersion;
    }
}
