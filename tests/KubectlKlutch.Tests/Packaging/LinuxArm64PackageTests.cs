using System.Formats.Tar;
using System.IO.Compression;

namespace KubectlKlutch.Tests.Packaging;

/// <summary>
/// The linux-arm64 archive, cross-compiled here with clang and the Debian cross toolchain
/// (clang lld gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross), and run
/// under qemu-user. About 45 s of the test run, most of it the native link.
/// </summary>
public class LinuxArm64PackageTests
{
    [Fact]
    public async Task The_arm64_binary_is_an_aarch64_elf_that_starts_and_prints_its_version()
    {
        var package = await Packages.LinuxArm64Async();
        using var dir = new TempDir();
        using (var gzip = new GZipStream(File.OpenRead(package.Archive), CompressionMode.Decompress))
            await TarFile.ExtractToDirectoryAsync(gzip, dir.Path, overwriteFiles: false);
        var binary = Path.Combine(dir.Path, "kubectl-klutch");
        Assert.True(File.Exists(Path.Combine(dir.Path, "LICENSE")));

        var header = new byte[64];
        await using (var file = File.OpenRead(binary))
            await file.ReadExactlyAsync(header);
        Assert.Equal(Elf.AArch64, Elf.Machine(header));

        var run = await Integration.PublishedBinary.RunAsync("qemu-aarch64", ["-L", "/usr/aarch64-linux-gnu", binary, "version", "--client"], null, TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"kubectl-klutch {Packages.Version}\n", run.Stdout);
    }

    [Fact]
    public async Task One_plugin_yaml_covers_both_linux_architectures()
    {
        await Packages.LinuxX64Async();
        var arm64 = await Packages.LinuxArm64Async();
        var yaml = await File.ReadAllTextAsync(arm64.Manifest);
        Assert.Empty(KrewManifest.Problems(yaml));
        Assert.NotNull(LinuxPackageTests.Platform(yaml, "linux", "amd64"));
        Assert.NotNull(LinuxPackageTests.Platform(yaml, "linux", "arm64"));
    }
}
