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
    /// Points a package at a tag whose image cannot be unpacked, and waits for the revision that
    /// failed: the package still reports the old revision's health (crossplane issue 4196).
    /// </summary>
    public static async Task PackageNotInEffectAsync(TestApiServer server, string apiVersion, string kind, string name, string package)
    {
        server.Images.MarkPackageMissing(package);
        var found = server.State.Get(apiVersion, kind, null, name)!;
        found["spec"]!["package"] = package;
        server.State.Put(found);
        await UntilAsync(server, $"a {kind}Revision of {package} that is not healthy", state =>
            state.List(apiVersion, kind + "Revision").Any(r =>
                (string?)r["spec"]?["image"] == package
                && r["status"]?["conditions"] is JsonArray conditions
                && conditions.Any(c => (string?)c?["type"] == "Healthy" && (string?)c["status"] == "False")));
    }
}
