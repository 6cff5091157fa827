using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>The real kubectl, against a test server, for the documented commands the plugin replaces.</summary>
public static class Kubectl
{
    public static async Task<CliRun> RunAsync(TestApiServer server, params string[] args)
    {
        var cache = Directory.CreateTempSubdirectory("klutch-kubectl-cache-").FullName;
        try
        {
            return await PublishedBinary.RunAsync("kubectl", ["--kubeconfig", server.KubeconfigPath, "--cache-dir", cache, .. args], null, TimeSpan.FromMinutes(1));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
