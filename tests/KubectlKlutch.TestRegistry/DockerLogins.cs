using System.Text;
using System.Text.Json.Nodes;

namespace KubectlKlutch.TestRegistry;

/// <summary>
/// Docker's side of a login, written by a test into a directory of its own: a config.json and
/// fake credential helpers. A helper is a small /bin/sh script that uses only the shell's
/// builtins, so it runs with whatever PATH the test gives the plugin; the plugin must start it
/// directly, as docker does.
/// </summary>
public sealed class DockerLogins
{
    public DockerLogins(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        System.IO.Directory.CreateDirectory(HelperDirectory);
    }

    /// <summary>What DOCKER_CONFIG would name (or ~/.docker).</summary>
    public string Directory { get; }
    public string ConfigPath => Path.Combine(Directory, "config.json");
    /// <summary>Where the helpers are: put it on the PATH the plugin gets.</summary>
    public string HelperDirectory => Path.Combine(Directory, "helpers");
    /// <summary>One line per helper run: its argument, the server it read on stdin, and its HOME.</summary>
    public string CallLog => Path.Combine(Directory, "helper-calls.log");

    public IReadOnlyList<string> Calls => File.Exists(CallLog) ? File.ReadAllLines(CallLog) : [];

    public static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A PATH with the helpers first, then the system's programs.</summary>
    public string SearchPath => HelperDirectory + Path.PathSeparator + "/usr/local/bin:/usr/bin:/bin";

    public void WriteConfig(JsonObject config) => File.WriteAllText(ConfigPath, config.ToJsonString());

    public void WriteConfig(string raw) => File.WriteAllText(ConfigPath, raw);

    /// <summary>A helper that answers <paramref name="username"/> and <paramref name="secret"/> for any server.</summary>
    public void Answering(string name, string username, string secret) => WriteHelper(name, $$"""
        printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "$server" '{{username}}' '{{secret}}'
        """);

    /// <summary>A helper that fails: a message on stderr, and on stdout a secret that must never be shown.</summary>
    public void Failing(string name, string stderr, int exitCode, string stdoutSecret) => WriteHelper(name, $$"""
        printf '{"ServerURL":"%s","Username":"u","Secret":"%s"}\n' "$server" '{{stdoutSecret}}'
        printf '%s\n' '{{stderr}}' >&2
        exit {{exitCode}}
        """);

    /// <summary>A helper that has nothing for the server, in the words of the protocol.</summary>
    public void Empty(string name) => WriteHelper(name, """
        printf 'credentials not found in native keychain\n'
        exit 1
        """);

    /// <summary>A helper that prints something other than the protocol's JSON.</summary>
    public void Garbled(string name, string stdout) => WriteHelper(name, $$"""
        printf '%s\n' '{{stdout}}'
        """);

    private void WriteHelper(string name, string body)
    {
        var path = Path.Combine(HelperDirectory, "docker-credential-" + name);
        File.WriteAllText(path, $"""
            #!/bin/sh
            server=''
            read -r server || true
            printf '%s %s %s\n' "$1" "$server" "$HOME" >> '{CallLog}'
            {body}

            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
