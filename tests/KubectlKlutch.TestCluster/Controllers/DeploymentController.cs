namespace KubectlKlutch.TestCluster;

internal sealed class DeploymentController(TestApiServer server)
{
    public void Step() => _ = server;
}
