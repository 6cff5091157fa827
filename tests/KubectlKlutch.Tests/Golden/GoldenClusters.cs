using KubectlKlutch.TestCluster;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// The clusters golden files are taken from: every scenario the test server seeds, and a few
/// states reached from one (named here, so that a golden file's name says which).
/// </summary>
public static class GoldenClusters
{
    /// <summary>provider-anynines pointed at a tag whose package cannot be fetched: the upgrade has not taken effect.</summary>
    public const string PackageNotInEffect = "package-not-in-effect";

    /// <summary>The same on Crossplane 2.3: v2 conditions, and the package says Healthy=False too.</summary>
    public const string PackageNotInEffectCrossplane2 = "package-not-in-effect-crossplane-2";

    /// <summary>A control plane whose first ProviderConfig lacks spec.serviceType, which provider-anynines v1.5.0 requires.</summary>
    public const string ControlPlaneBlocked = "control-plane-blocked";

    public static async Task<TestApiServer> StartAsync(string cluster)
    {
        switch (cluster)
        {
            case PackageNotInEffect:
            case PackageNotInEffectCrossplane2:
            {
                var server = await Klutch.StartAsync(cluster == PackageNotInEffect ? Scenarios.ControlPlane : Scenarios.ControlPlaneCrossplane2);
                await Settle.PackageNotInEffectAsync(server, "pkg.crossplane.io/v1", "Provider", "provider-anynines",
                    "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1");
                return server;
            }
            case ControlPlaneBlocked:
            {
                var server = await Klutch.StartAsync(Scenarios.ControlPlane);
                var config = server.State.List("dataservices.anynines.com/v1", "ProviderConfig")[0];
                config["spec"]!.AsObject().Remove("serviceType");
                server.State.Put(config);
                return server;
            }
            default:
                return await Klutch.StartAsync(cluster);
        }
    }
}
