using System.Text;

namespace KubectlKlutch.TestCluster;

/// <summary>Writes the kubeconfig a client needs for one test server: CA data inline, bearer token, one context.</summary>
internal static class Kubeconfig
{
    public const string Name = "klutch-test";
    public const string User = "klutch-tester";

    public static string Render(Uri server, string caPem, string token)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {Name}
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
                certificate-authority-data: {ca}
            contexts:
            - name: {Name}
              context:
                cluster: {Name}
                user: {User}
            current-context: {Name}
            users:
            - name: {User}
              user:
                token: {token}
            preferences: {"{}"}

            """;
    }
}
