using KubectlKlutch.Versions;

namespace KubectlKlutch.Settings;

/// <summary>The plugin's own settings: a JSON file plus <c>KLUTCH_*</c> environment variables.</summary>
public sealed record KlutchSettings(RegistrySettings Registry, IReadOnlyDictionary<string, IReadOnlyList<string>> Fleets);

/// <summary>How to reach registries: mirrors, credentials, hosts allowed over plain http, timeouts.</summary>
public sealed record RegistrySettings(
    IReadOnlyList<MirrorRule> Mirrors,
    IReadOnlyList<RegistryCredential> Credentials,
    IReadOnlyList<string> Insecure,
    TimeSpan Timeout,
    TimeSpan CacheTtl)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromSeconds(300);

    public static RegistrySettings Default { get; } = new([], [], [], DefaultTimeout, DefaultCacheTtl);

    /// <summary>The environment the settings were read in: where PasswordEnv, the tag cache and docker's credentials are looked up.</summary>
    public UserEnvironment Environment { get; init; } = UserEnvironment.None;

    /// <summary>
    /// The reference as the mirror settings place it: the longest <see cref="MirrorRule.From"/>
    /// that is a prefix of registry/repository (on a path boundary) is replaced by its
    /// <see cref="MirrorRule.To"/>. Tag and digest are kept. Without a matching rule, the reference itself.
    /// </summary>
    public ImageReference Rewrite(ImageReference reference)
    {
        var name = reference.Name;
        MirrorRule? best = null;
        foreach (var rule in Mirrors)
        {
            var from = rule.From.TrimEnd('/');
            var matches = name.Equals(from, StringComparison.Ordinal)
                || name.StartsWith(from + "/", StringComparison.Ordinal);
            if (matches && (best is null || from.Length > best.From.TrimEnd('/').Length)) best = rule;
        }
        if (best is null) return reference;
        var rewritten = best.To.TrimEnd('/') + name[best.From.TrimEnd('/').Length..];
        var firstSlash = rewritten.IndexOf('/');
        return firstSlash < 0
            ? reference // a rule whose target has no repository path; rejected when loading, kept safe here
            : reference with { Registry = rewritten[..firstSlash], Repository = rewritten[(firstSlash + 1)..] };
    }

    /// <summary>Whether <paramref name="host"/> (host or host:port) was marked to be spoken to over plain http.</summary>
    public bool IsInsecure(string host) => Insecure.Any(h => h.Equals(host, StringComparison.OrdinalIgnoreCase));

    /// <summary>The credentials configured for <paramref name="host"/>, or null for anonymous access.</summary>
    public RegistryCredential? CredentialFor(string host) =>
        Credentials.FirstOrDefault(c => c.Host.Equals(host, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A prefix rewrite: <c>public.ecr.aws/w5n9a2g2/klutch</c> to <c>mirror.example:5000/klutch</c>.</summary>
public sealed record MirrorRule(string From, string To);

/// <summary>
/// Where to find the credentials for one registry host. The password itself is never held here:
/// it is read from the environment variable or file only when a registry asks for it
/// (<see cref="Registry.RegistryCredentials"/>).
/// </summary>
public sealed record RegistryCredential(string Host, string Username, string? PasswordEnv, string? PasswordFile)
{
    /// <summary>Where the password comes from, for messages: "environment variable X" or "file Y".</summary>
    public string PasswordSource => PasswordEnv is not null ? $"environment variable {PasswordEnv}" : $"file {PasswordFile}";

    public override string ToString() => $"{Username}@{Host} (password from {PasswordSource})";
}
