using System.Collections.Concurrent;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Registry;

/// <summary>
/// A login for one registry host and where it came from. <see cref="Source"/> is named in
/// messages; the password and the identity token never are.
/// </summary>
internal sealed record RegistryLogin(string Username, string? Password, string? IdentityToken, string Source)
{
    public override string ToString() => $"{Username} (from {Source})";
}

/// <summary>
/// Where a registry's credentials come from, asked only when the registry challenges: the
/// plugin's own settings (Registry:Credentials) win; else docker's (<see cref="DockerCredentials"/>),
/// looked up once per host for the client's life, so that a credential helper runs once.
/// </summary>
internal sealed class RegistryCredentials(RegistrySettings settings)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RegistryLogin?>>> _docker = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RegistryLogin?> ForAsync(RegistryTarget target, CancellationToken ct)
    {
        if (settings.CredentialFor(target.Host) is { } credential)
        {
            var password = ReadPassword(credential, out var problem) ?? throw RegistryErrors.PasswordUnreadable(target, credential, problem);
            return new RegistryLogin(credential.Username, password, null, credential.PasswordSource);
        }
        var lookup = _docker.GetOrAdd(target.Host, host => new(() => DockerCredentials.FindAsync(settings.Environment, host, ct)));
        try
        {
            return await lookup.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (DockerCredentialsException e)
        {
            throw RegistryErrors.CredentialsUnavailable(target, e.Message, e);
        }
        catch (OperationCanceledException)
        {
            _docker.TryRemove(new(target.Host, lookup)); // stopped with its first caller: the next one asks again
            throw;
        }
    }

    /// <summary>The password from the variable (of the command's environment) or file the settings name; null with a reason when it cannot be read.</summary>
    private string? ReadPassword(RegistryCredential credential, out string problem)
    {
        if (credential.PasswordEnv is { } variable)
        {
            problem = $"environment variable {variable} is not set";
            return settings.Environment.Variable(variable);
        }
        try
        {
            var value = File.ReadAllText(credential.PasswordFile!).TrimEnd('\r', '\n');
            problem = $"file {credential.PasswordFile} is empty";
            return value.Length == 0 ? null : value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"file {credential.PasswordFile} cannot be read ({e.GetType().Name})";
            return null;
        }
    }
}
