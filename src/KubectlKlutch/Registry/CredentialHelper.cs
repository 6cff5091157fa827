using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry;

/// <summary>
/// Docker's credential helper protocol: the program <c>docker-credential-NAME</c>, found on the
/// command's PATH and started directly (never through a shell), is run as <c>get</c> with the
/// server on stdin, and prints <c>{"ServerURL","Username","Secret"}</c> on stdout. A Username of
/// <c>&lt;token&gt;</c> makes the Secret an identity token. Its stdout holds the secret, so only its
/// stderr is ever shown, when it fails.
/// </summary>
internal static class CredentialHelper
{
    private const string Prefix = "docker-credential-";
    /// <summary>What a helper prints (and exits 1) when it has nothing for the server: no credentials, not a failure.</summary>
    private const string NotFoundAnswer = "credentials not found in native keychain";
    private const string TokenUsername = "<token>";

    public static async Task<RegistryLogin?> GetAsync(UserEnvironment environment, string name, string origin, string server, string host, CancellationToken ct)
    {
        var program = Prefix + name;
        var remedy = $"fix it, or remove it from {origin}";
        var path = Locate(environment, program)
            ?? throw new DockerCredentialsException($"Credential helper {program}, named by {origin} for registry {host}, was not found on PATH; install it, or remove it from that file.");

        var start = new ProcessStartInfo(path)
        {
            ArgumentList = { "get" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment.Clear();
        foreach (var (key, value) in environment.Variables)
            if (value is not null) start.Environment[key] = value;
        if (environment.Home.Length > 0 && !start.Environment.ContainsKey("HOME")) start.Environment["HOME"] = environment.Home;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new DockerCredentialsException($"Credential helper {program} ({path}) for registry {host} could not be started ({e.Message.TrimEnd('.')}); {remedy}.", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.StandardInput.WriteAsync(server.AsMemory(), ct).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading the server: its exit code says how it went.
        }
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // already gone
            throw;
        }
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);

        if (process.ExitCode != 0)
        {
            if (output.Trim() == NotFoundAnswer) return null;
            var said = OneLine(errors);
            throw new DockerCredentialsException(
                $"Credential helper {program} failed for registry {host} (exit code {process.ExitCode}{(said.Length == 0 ? ", nothing on stderr" : ": " + said)}); {remedy}.");
        }

        CredentialHelperAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(output, DockerJsonContext.Default.CredentialHelperAnswer);
        }
        catch (JsonException)
        {
            answer = null;
        }
        if (answer is null)
            throw new DockerCredentialsException($"Credential helper {program} answered for registry {host} with something other than its JSON (ServerURL, Username, Secret); {remedy}.");
        if (string.IsNullOrEmpty(answer.Secret)) return null;
        var source = $"credential helper {program}";
        return answer.Username == TokenUsername
            ? new RegistryLogin("", null, answer.Secret, source)
            : new RegistryLogin(answer.Username ?? "", answer.Secret, null, source);
    }

    /// <summary>The program on the command's PATH, as exec.LookPath finds it: absolute directories only, executable files only.</summary>
    private static string? Locate(UserEnvironment environment, string program)
    {
        if (program.IndexOfAny(['/', '\\']) >= 0) return null; // a name, never a path
        var name = OperatingSystem.IsWindows() ? program + ".exe" : program;
        foreach (var directory in (environment.Variable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathRooted(directory)) continue;
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)
                && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }
        return null;
    }

    /// <summary>A helper's stderr on one line: trimmed, lines joined, control characters out, at most 300 characters.</summary>
    private static string OneLine(string text) =>
        RegistryErrors.Printable(string.Join("; ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), 300);
}
