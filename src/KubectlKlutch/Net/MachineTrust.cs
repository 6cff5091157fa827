using System.Runtime.InteropServices;

namespace KubectlKlutch.Net;

/// <summary>
/// Whether this process needs the machine's CA store, decided before its first TLS handshake.
/// <para>
/// .NET on Linux loads the whole machine store (the bundle and every file of /etc/ssl/certs)
/// on a process's first certificate chain build, whatever the chain's trust mode: about 70 ms
/// of a 100 ms command, although a cluster whose kubeconfig gives its CA trusts that CA alone
/// (dotnet/runtime, OpenSslCachedSystemStoreProvider; issue 106394). kubectl never loads the
/// system roots for such a cluster. So when nothing in the process needs the machine's trust,
/// <see cref="NotNeeded"/> points OpenSSL's SSL_CERT_FILE and SSL_CERT_DIR at nothing before the
/// first handshake, and the store loads empty.
/// </para>
/// <para>
/// Why this process-wide change is safe:
/// - the executable alone opts in (<see cref="Enable"/>); a host that runs many commands in one
///   process (the tests, the tour) keeps the machine's trust for all of them;
/// - anything that needs the machine's trust says so first with <see cref="Need"/>: a cluster
///   without CA data, and the registry client (which trusts the system plus SSL_CERT_FILE and
///   SSL_CERT_DIR as the user set them). Once needed, nothing is changed; a need that comes
///   after the store was skipped is a programming error, and fails loudly rather than distrust
///   a registry;
/// - .NET's own copy of the environment is taken before the change, so child processes (exec
///   credential plugins, docker credential helpers) and the plugin's own reads see the user's
///   values; only OpenSSL's getenv sees the empty ones.
/// </para>
/// </summary>
public static class MachineTrust
{
    private enum State { Undecided, Skipped, Needed }

    private static readonly Lock Gate = new();
    private static bool enabled;
    private static State state;

    /// <summary>Lets <see cref="NotNeeded"/> skip the store: for the executable, one command per process.</summary>
    public static void Enable() => enabled = OperatingSystem.IsLinux();

    /// <summary>Something that trusts the machine's roots will connect (call it before any handshake).</summary>
    public static void Need(string who)
    {
        lock (Gate)
        {
            if (state == State.Skipped)
                throw new InvalidOperationException($"{who} needs the machine's CA store, which this process already skipped: declare the need before the first connection");
            state = State.Needed;
        }
    }

    /// <summary>A connection that trusts only its own roots (or checks nothing, as its kubeconfig says) is about to be made.</summary>
    public static void NotNeeded()
    {
        lock (Gate)
        {
            if (!enabled || state != State.Undecided) return;
            _ = Environment.GetEnvironmentVariables(); // .NET keeps its copy from here on: children get the user's values
            if (SetEnv("SSL_CERT_FILE", "", 1) == 0 && SetEnv("SSL_CERT_DIR", "", 1) == 0) state = State.Skipped;
        }
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnv(string name, string value, int overwrite);
}
