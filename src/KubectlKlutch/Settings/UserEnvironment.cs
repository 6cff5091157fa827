namespace KubectlKlutch.Settings;

/// <summary>
/// The variables and home directory of the user running a command, as the command line hands
/// them over (its CliIo), so that nothing below reads the process environment and a test can
/// give each run its own. The registry reads passwords (PasswordEnv), its tag cache and docker's
/// credentials through it.
/// </summary>
public sealed record UserEnvironment(IReadOnlyDictionary<string, string?> Variables, string Home)
{
    /// <summary>No variables and no home: no password variable is set, no cache and no docker config are found.</summary>
    public static UserEnvironment None { get; } = new(new Dictionary<string, string?>(), "");

    /// <summary>A variable's value; null when it is unset or empty. Windows compares names without case, as it does itself.</summary>
    public string? Variable(string name)
    {
        if (!Variables.TryGetValue(name, out var value) && OperatingSystem.IsWindows())
            value = Variables.FirstOrDefault(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary><c>$XDG_CACHE_HOME/kubectl-klutch</c>, else <c>~/.cache/kubectl-klutch</c>; null without either.</summary>
    public string? CacheDirectory =>
        Variable("XDG_CACHE_HOME") is { } xdg && Path.IsPathRooted(xdg) ? Path.Combine(xdg, "kubectl-klutch")
        : Home.Length > 0 ? Path.Combine(Home, ".cache", "kubectl-klutch")
        : null;

    /// <summary>Where docker keeps its config.json: <c>$DOCKER_CONFIG</c>, else <c>~/.docker</c>; null without either.</summary>
    public string? DockerConfigDirectory =>
        Variable("DOCKER_CONFIG") is { } dir ? Path.GetFullPath(dir)
        : Home.Length > 0 ? Path.Combine(Home, ".docker")
        : null;

    /// <summary>No variable's value, ever: they may hold secrets.</summary>
    public override string ToString() => $"UserEnvironment {{ Home = {Home}, {Variables.Count} variables }}";
}
