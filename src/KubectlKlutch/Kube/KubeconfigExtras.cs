using YamlDotNet.RepresentationModel;

namespace KubectlKlutch.Kube;

/// <summary>The fields of a kubeconfig user that the client library's model lacks, as kubectl reads them.</summary>
public sealed record UserExtras(string? TokenFile, string? AsUid, IReadOnlyDictionary<string, IReadOnlyList<string>> AsUserExtra);

/// <summary>
/// Reads `tokenFile`, `as-uid`, `as-user-extra` (users) and `proxy-url` (clusters) from the
/// kubeconfig's YAML tree and removes them from it: the library's model ignores the first three
/// and cannot hold the last's lists of values (kubectl's `map[string][]string`).
/// </summary>
internal static class KubeconfigExtras
{
    public sealed record Extracted(string Yaml, Dictionary<string, UserExtras> Users, Dictionary<string, string> ProxyUrls);

    public static Extracted Extract(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var users = new Dictionary<string, UserExtras>();
        var proxies = new Dictionary<string, string>();
        var changed = false;
        if (stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root)
        {
            foreach (var (name, user) in Entries(root, "users", "user"))
            {
                var tokenFile = Take(user, "tokenFile", ref changed) as YamlScalarNode;
                var uid = Take(user, "as-uid", ref changed) as YamlScalarNode;
                var extra = Take(user, "as-user-extra", ref changed) as YamlMappingNode;
                users.TryAdd(name, new UserExtras(NonEmpty(tokenFile?.Value), NonEmpty(uid?.Value), Extra(extra)));
            }
            foreach (var (name, cluster) in Entries(root, "clusters", "cluster"))
                if (Take(cluster, "proxy-url", ref changed) is YamlScalarNode { Value: { Length: > 0 } url })
                    proxies.TryAdd(name, url);
        }
        if (!changed) return new Extracted(yaml, users, proxies);
        var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        return new Extracted(text.ToString(), users, proxies);
    }

    private static IEnumerable<(string Name, YamlMappingNode Body)> Entries(YamlMappingNode root, string list, string body)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode items) yield break;
        foreach (var item in items.OfType<YamlMappingNode>())
            if (item.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode { Value: { } n }
                && item.Children.TryGetValue(new YamlScalarNode(body), out var b) && b is YamlMappingNode mapping)
                yield return (n, mapping);
    }

    private static YamlNode? Take(YamlMappingNode mapping, string key, ref bool changed)
    {
        var k = new YamlScalarNode(key);
        if (!mapping.Children.TryGetValue(k, out var value)) return null;
        mapping.Children.Remove(k);
        changed = true;
        return value;
    }

    private static Dictionary<string, IReadOnlyList<string>> Extra(YamlMappingNode? extra)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>();
        if (extra is null) return result;
        foreach (var (key, value) in extra.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name }) continue;
            result[name] = value switch
            {
                YamlSequenceNode list => [.. list.OfType<YamlScalarNode>().Select(s => s.Value ?? "")],
                YamlScalarNode { Value: { } one } => [one],
                _ => [],
            };
        }
        return result;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
