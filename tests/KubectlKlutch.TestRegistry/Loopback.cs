using System.Net;
using System.Net.Sockets;

namespace KubectlKlutch.TestRegistry;

public static class Loopback
{
    /// <summary>A loopback port that was free a moment ago (the OS picks it; the caller binds it next).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Finds a program on PATH (or at an absolute path); fails the test with the install command when missing.</summary>
    public static string RequireProgram(string name, string package)
    {
        var candidates = Path.IsPathRooted(name)
            ? [name]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/bin").Append("/usr/sbin").Select(d => Path.Combine(d, name));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"The registry tests need the program '{name}' from the Debian package {package}, and it was found neither on PATH nor in /usr/bin; install it with `apt-get update && apt-get install -y docker-registry apache2-utils` (the CI script does).");
    }
}
