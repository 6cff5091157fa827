using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Golden;

/// <summary>Waits for the test cluster's controllers to reach a state, so that a golden file never catches one half way.</summary>
public static class Settle
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(TestApiServer server, string what, Func<ClusterState, bool> reached)
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while (!reached(server.State))
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"the test cluster did not reach this state within {Limit}: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Points a package at a tag that cannot be fetched, and waits for the package to say so
    /// (Installed=False, UnpackingPackage): no revision is made, and the package keeps the old
    /// revision's Healthy (crossplane issue 4196).
    /// </summary>
    public static async Task PackageNotInEffectAsync(TestApiServer server, string apiVersion, string kind, string name, string package)
    {
        server.Images.MarkPackageMissing(package);
        var found = server.State.Get(apiVersion, kind, null, name)!;
        found["spec"]!["package"] = package;
        server.State.Put(found);
        await UntilAsync(server, $"{kind} {name} saying it cannot fetch {package}", state =>
            state.Get(apiVersion, kind, null, name)?["status"]?["conditions"] is JsonArray conditions
            && conditions.Any(c => (string?)c?["type"] == "Installed" && (string?)c["status"] == "False"
                && ((string?)c["message"])?.Contains("MANIFEST_UNKNOWN", StringComparison.Ordinal) == true));
    }
}
