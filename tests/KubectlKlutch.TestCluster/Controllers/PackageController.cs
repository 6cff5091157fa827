namespace KubectlKlutch.TestCluster;

internal sealed class PackageController(TestApiServer server)
{
    public void Step() => _ = server;
}
