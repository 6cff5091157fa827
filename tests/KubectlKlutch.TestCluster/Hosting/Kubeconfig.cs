using System.Text;

namespace KubectlKlutch.TestCluster;

/// <summary>Writes the kubeconfig a client needs for test servers: CA data inline, bearer token, one context per server.</summary>
internal static class Kubeconfig
{
    public const string Name = "klutch-test";
    public const string User = "klutch-tester";

    public static string Render(Uri server, string caPem, string token) => Render([new FleetEntry(Name, server, token)], caPem, Name, User);

    /// <summary>One context, cluster and user per entry, each named after the entry's context.</summary>
    public static string Render(IReadOnlyList<FleetEntry> entries, string caPem, string currentContext, string? userName = null)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        var text = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var e in entries)
            text.Append($"- name: {e.Context}\n  cluster:\n    server: {e.Server.GetLeftPart(UriPartial.Authority)}\n    certificate-authority-data: {ca}\n");
        text.Append("contexts:\n");
        foreach (var e in entries)
            text.Append($"- name: {e.Context}\n  context:\n    cluster: {e.Context}\n    user: {userName ?? e.Context}\n");
        text.Append($"current-context: {currentContext}\nusers:\n");
        foreach (var e in entries.DistinctBy(e => userName ?? e.Context))
            text.Append($"- name: {userName ?? e.Context}\n  user:\n    token: {e.Token}\n");
        text.Append("preferences: {}\n");
        return text.ToString();
    }
}
