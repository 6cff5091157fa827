using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KubectlKlutch.Tests.Packaging;

/// <summary>
/// Krew's manifest rules as plugin-conventions.md lists them (and krew's index validation
/// checks them): a pure function from the manifest text to the broken rules, empty when valid.
/// </summary>
public static partial class KrewManifest
{
    public static readonly string[] GoOs = ["linux", "darwin", "windows"];
    public static readonly string[] GoArch = ["amd64", "arm64", "386", "arm", "ppc64le", "s390x"];

    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static List<string> Problems(string yaml, string indexName = "klutch")
    {
        var problems = new List<string>();
        YamlMappingNode root;
        try
        {
            root = Parse(yaml);
        }
        catch (Exception e)
        {
            return [$"not YAML: {e.Message}"];
        }

        Expect(Scalar(root, "apiVersion") == "krew.googlecontainertools.github.com/v1alpha2", "apiVersion must be krew.googlecontainertools.github.com/v1alpha2");
        Expect(Scalar(root, "kind") == "Plugin", "kind must be Plugin");
        var name = Scalar(Map(root, "metadata"), "name");
        Expect(name == indexName, $"metadata.name must equal the index file name {indexName}, is {name}");
        Expect(name is not null && SafeName().IsMatch(name), "metadata.name must be a safe plugin name");

        var spec = Map(root, "spec");
        Expect(spec is not null, "spec is missing");
        if (spec is null) return problems;
        var version = Scalar(spec, "version");
        Expect(version is not null && SemVer().IsMatch(version), $"spec.version must be vX.Y.Z, is {version}");
        var homepage = Scalar(spec, "homepage");
        Expect(Uri.TryCreate(homepage, UriKind.Absolute, out var home) && home.Scheme == "https", $"spec.homepage must be an https URL, is {homepage}");
        var shortDescription = Scalar(spec, "shortDescription");
        Expect(!string.IsNullOrWhiteSpace(shortDescription), "spec.shortDescription is missing");
        Expect(shortDescription is null || (!shortDescription.Contains('\n') && shortDescription.Length <= 60 && shortDescription.Split(' ').Length <= 10),
            "spec.shortDescription must be one line of a few words");
        var description = Scalar(spec, "description");
        Expect(!string.IsNullOrWhiteSpace(description) && description != shortDescription, "spec.description must say what and why");
        Expect(description is null || !FlagList().IsMatch(description), "spec.description must not be a flag list");

        var platforms = spec.Children.TryGetValue("platforms", out var p) ? p as YamlSequenceNode : null;
        Expect(platforms is { Children.Count: > 0 }, "spec.platforms must list at least one platform");
        var selectors = new HashSet<string>();
        foreach (var (platform, i) in (platforms?.Children ?? []).OfType<YamlMappingNode>().Select((x, i) => (x, i)))
        {
            var where = $"spec.platforms[{i}]";
            var labels = Map(Map(platform, "selector"), "matchLabels");
            var os = Scalar(labels, "os");
            var arch = Scalar(labels, "arch");
            Expect(os is not null && GoOs.Contains(os), $"{where}: selector.matchLabels.os must be a Go OS name, is {os}");
            Expect(arch is not null && GoArch.Contains(arch), $"{where}: selector.matchLabels.arch must be a Go architecture name, is {arch}");
            Expect(selectors.Add($"{os}/{arch}"), $"{where}: {os}/{arch} is listed twice");
            var uri = Scalar(platform, "uri");
            Expect(Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.Scheme == "https", $"{where}: uri must be an https URL, is {uri}");
            Expect(uri is not null && (uri.EndsWith(".tar.gz", StringComparison.Ordinal) || uri.EndsWith(".zip", StringComparison.Ordinal)), $"{where}: uri must name a .tar.gz or .zip");
            var sha = Scalar(platform, "sha256");
            Expect(sha is not null && Sha256().IsMatch(sha), $"{where}: sha256 must be 64 lower-case hex digits, is {sha}");
            var bin = Scalar(platform, "bin");
            var expectedBin = os == "windows" ? "kubectl-klutch.exe" : "kubectl-klutch";
            Expect(bin == expectedBin, $"{where}: bin must be {expectedBin}, is {bin}");
            var files = platform.Children.TryGetValue("files", out var f) ? f as YamlSequenceNode : null;
            var pairs = (files?.Children ?? []).OfType<YamlMappingNode>().Select(x => (From: Scalar(x, "from"), To: Scalar(x, "to"))).ToList();
            Expect(pairs.Count > 0 && pairs.All(x => !string.IsNullOrEmpty(x.From) && !string.IsNullOrEmpty(x.To)), $"{where}: files must be from/to pairs");
            Expect(pairs.Any(x => x.From == "LICENSE"), $"{where}: files must include LICENSE");
            Expect(pairs.Any(x => x.From == bin), $"{where}: files must carry the bin");
        }
        return problems;

        void Expect(bool ok, string rule)
        {
            if (!ok) problems.Add(rule);
        }
    }

    public static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var v) && v is YamlScalarNode s ? s.Value : null;

    public static YamlMappingNode? Map(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var v) ? v as YamlMappingNode : null;

    [GeneratedRegex("^v(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SafeName();

    [GeneratedRegex("(^|\\n)\\s*--[a-z]")]
    private static partial Regex FlagList();
}
