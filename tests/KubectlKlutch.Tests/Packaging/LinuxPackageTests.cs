using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using KubectlKlutch.Tests.Integration;

namespace KubectlKlutch.Tests.Packaging;

/// <summary>
/// The linux-x64 release archive, built through the same entry point as build.ps1 and CI,
/// checked as Krew checks it and installed as Krew installs it, then run through the real kubectl.
/// </summary>
public class LinuxPackageTests
{
    private const string Kubectl = "/usr/bin/kubectl";

    [Fact]
    public async Task The_archive_holds_the_executable_binary_and_the_license_only()
    {
        var package = await Packages.LinuxX64Async();
        var entries = await ReadTarAsync(package.Archive);
        Assert.Equal(["LICENSE", "kubectl-klutch"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.True(entries["kubectl-klutch"].Mode.HasFlag(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute), $"mode {entries["kubectl-klutch"].Mode}");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(PublishedBinary.RepositoryRoot, "LICENSE")), entries["LICENSE"].Content);
        Assert.Contains("Apache License", System.Text.Encoding.UTF8.GetString(entries["LICENSE"].Content));
        Assert.Equal(Elf.X86_64, Elf.Machine(entries["kubectl-klutch"].Content));
    }

    [Fact]
    public async Task The_sha256_beside_the_archive_and_in_plugin_yaml_is_the_archives()
    {
        var package = await Packages.LinuxX64Async();
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(package.Archive)));
        Assert.Equal($"{sha}  {Path.GetFileName(package.Archive)}\n", await File.ReadAllTextAsync(package.Archive + ".sha256"));
        var platform = Platform(await File.ReadAllTextAsync(package.Manifest), "linux", "amd64");
        Assert.Equal(sha, KrewManifest.Scalar(platform, "sha256"));
        Assert.EndsWith($"/releases/download/{Packages.Version}/{Path.GetFileName(package.Archive)}", KrewManifest.Scalar(platform, "uri"));
    }

    [Fact]
    public async Task The_rendered_plugin_yaml_passes_every_krew_rule()
    {
        var package = await Packages.LinuxX64Async();
        var yaml = await File.ReadAllTextAsync(package.Manifest);
        Assert.Empty(KrewManifest.Problems(yaml));
        var spec = KrewManifest.Map(KrewManifest.Parse(yaml), "spec");
        Assert.Equal(Packages.Version, KrewManifest.Scalar(spec, "version"));
    }

    [Fact]
    public async Task Installed_as_krew_installs_it_kubectl_finds_and_runs_the_plugin()
    {
        var package = await Packages.LinuxX64Async();
        using var home = new TempDir();
        var bin = KrewInstall(package, home.Path);
        var env = Environment(home.Path, bin);

        var version = await PublishedBinary.RunAsync(Kubectl, ["klutch", "version", "--client"], env, TimeSpan.FromMinutes(1));
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal($"kubectl-klutch {Packages.Version}\n", version.Stdout);

        var list = await PublishedBinary.RunAsync(Kubectl, ["plugin", "list"], env, TimeSpan.FromMinutes(1));
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(Path.Combine(bin, "kubectl-klutch") + "\n", list.Stdout);
        Assert.DoesNotContain("warning", list.Stderr);
    }

    [Fact]
    public async Task Kubectl_completes_the_plugin_through_kubectl_complete_klutch()
    {
        // What a user adds once, as `completion` explains: a second name for the same binary.
        var package = await Packages.LinuxX64Async();
        using var home = new TempDir();
        var bin = KrewInstall(package, home.Path);
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl_complete-klutch"), "kubectl-klutch");
        var kubeconfig = Path.Combine(home.Path, "config");
        await File.WriteAllTextAsync(kubeconfig, """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: fleet-a, context: {cluster: c, user: u}}, {name: fleet-b, context: {cluster: c, user: u}}]
            current-context: fleet-a
            """);
        var env = Environment(home.Path, bin);
        env["KUBECONFIG"] = kubeconfig;

        async Task<string[]> CompleteAsync(params string[] words)
        {
            var run = await PublishedBinary.RunAsync(Kubectl, ["__complete", "klutch", .. words], env, TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, run.ToString());
            return run.Stdout.TrimEnd('\n').Split('\n');
        }

        Assert.Equal(["upgrade", ":4"], await CompleteAsync("upg"));
        Assert.Equal(["konnector", ":4"], await CompleteAsync("upgrade", "kon"));
        Assert.Equal(["v1.3.2", "v1.3.1", "v1.3.0", ":36"], await CompleteAsync("upgrade", "konnector", "v1.3"));
        Assert.Equal(["fleet-a", "fleet-b", ":4"], await CompleteAsync("status", "--context", ""));
    }

    [Fact]
    public async Task The_tag_is_the_version_and_directory_build_props_the_default()
    {
        var tagged = await Packages.MsBuildAsync("-getProperty:Version", "-p:Version=v9.8.7");
        Assert.Equal("9.8.7", tagged.Stdout.Trim());
        var untagged = await Packages.MsBuildAsync("-getProperty:Version");
        Assert.Equal(Packages.Version, "v" + untagged.Stdout.Trim());
    }

    [Fact]
    public async Task Packaging_an_unknown_platform_is_refused_before_building()
    {
        var run = await Packages.MsBuildAsync("-t:Package", "-p:RuntimeIdentifier=freebsd-x64");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("freebsd-x64 is not a Krew platform of this plugin: use one of linux-x64, linux-arm64, osx-x64, osx-arm64, win-x64.", run.Stdout);
    }

    /// <summary>
    /// As `kubectl krew install --manifest --archive` does: check the sha256, unpack, move the
    /// manifest's files into the store, link the bin into krew's bin directory.
    /// </summary>
    internal static string KrewInstall(PackageRun package, string root)
    {
        var yaml = File.ReadAllText(package.Manifest);
        var platform = Platform(yaml, "linux", package.RuntimeIdentifier == "linux-x64" ? "amd64" : "arm64");
        Assert.Equal(KrewManifest.Scalar(platform, "sha256"), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(package.Archive))));

        var download = Directory.CreateDirectory(Path.Combine(root, "download")).FullName;
        using (var gzip = new GZipStream(File.OpenRead(package.Archive), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, download, overwriteFiles: false);

        var version = KrewManifest.Scalar(KrewManifest.Map(KrewManifest.Parse(yaml), "spec"), "version")!;
        var store = Directory.CreateDirectory(Path.Combine(root, "store", "klutch", version)).FullName;
        foreach (var file in ((YamlDotNet.RepresentationModel.YamlSequenceNode)platform.Children["files"]).Children.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>())
        {
            var from = KrewManifest.Scalar(file, "from")!;
            var to = Directory.CreateDirectory(Path.Combine(store, KrewManifest.Scalar(file, "to")!)).FullName;
            File.Move(Path.Combine(download, from), Path.Combine(to, from));
        }
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "kubectl-klutch"), Path.Combine(store, KrewManifest.Scalar(platform, "bin")!));
        return bin;
    }

    private static Dictionary<string, string?> Environment(string home, string bin) => new()
    {
        ["PATH"] = $"{bin}:/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = home,
        ["KUBECONFIG"] = null,
    };

    internal static YamlDotNet.RepresentationModel.YamlMappingNode Platform(string yaml, string os, string arch)
    {
        var platforms = (YamlDotNet.RepresentationModel.YamlSequenceNode)KrewManifest.Map(KrewManifest.Parse(yaml), "spec")!.Children["platforms"];
        return platforms.Children.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>().Single(p =>
        {
            var labels = KrewManifest.Map(KrewManifest.Map(p, "selector"), "matchLabels");
            return KrewManifest.Scalar(labels, "os") == os && KrewManifest.Scalar(labels, "arch") == arch;
        });
    }

    private static async Task<Dictionary<string, (UnixFileMode Mode, byte[] Content)>> ReadTarAsync(string archive)
    {
        var entries = new Dictionary<string, (UnixFileMode, byte[])>();
        await using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream is not null) await entry.DataStream.CopyToAsync(content);
            entries[entry.Name.TrimStart('.', '/')] = (entry.Mode, content.ToArray());
        }
        return entries;
    }
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("klutch-krew-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>The machine an ELF file is built for, read from its header (e_machine at offset 18).</summary>
internal static class Elf
{
    public const ushort X86_64 = 0x3E;
    public const ushort AArch64 = 0xB7;

    public static ushort Machine(byte[] header)
    {
        Assert.True(header.Length >= 20 && header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F', "not an ELF file");
        Assert.Equal(2, header[4]);   // ELFCLASS64
        Assert.Equal(1, header[5]);   // little-endian
        return (ushort)(header[18] | header[19] << 8);
    }
}
