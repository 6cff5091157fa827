using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KubectlKlutch.Settings;

/// <summary>A settings file or variable that cannot be used. The message names the setting and where it came from.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads <see cref="KlutchSettings"/> from a JSON file (<c>$KLUTCH_CONFIG</c>, else <c>~/.kube/klutch.json</c>)
/// and from <c>KLUTCH_*</c> environment variables, which win over the file (<c>__</c> separates sections:
/// <c>KLUTCH_REGISTRY__TIMEOUT=10</c>). Bound by hand, without the reflection binder, so that it stays
/// trim and AOT safe; unknown or malformed settings are errors that name the setting and its source.
/// </summary>
public static class SettingsLoader
{
    public const string EnvironmentPrefix = "KLUTCH_";
    public const string ConfigPathVariable = "KLUTCH_CONFIG";

    private static readonly string[] TopLevel = ["Registry", "Fleets"];
    private static readonly string[] RegistryKeys = ["Mirrors", "Credentials", "Insecure", "Timeout", "CacheTtl"];
    private static readonly string[] MirrorKeys = ["From", "To"];
    private static readonly string[] CredentialKeys = ["Host", "Username", "PasswordEnv", "PasswordFile"];

    /// <summary>The settings file that <see cref="Load"/> reads (which need not exist).</summary>
    public static string DefaultPath(IReadOnlyDictionary<string, string?> environment, string homeDirectory) =>
        environment.TryGetValue(ConfigPathVariable, out var p) && !string.IsNullOrWhiteSpace(p)
            ? Path.GetFullPath(p)
            : Path.Combine(homeDirectory, ".kube", "klutch.json");

    /// <summary>
    /// The settings of the user whose variables and home these are (the command line's, never the
    /// process's); the registry settings keep that environment for what they name in it.
    /// </summary>
    public static KlutchSettings Load(IReadOnlyDictionary<string, string?> environment, string homeDirectory)
    {
        var path = DefaultPath(environment, homeDirectory);
        var explicitPath = environment.TryGetValue(ConfigPathVariable, out var p) && !string.IsNullOrWhiteSpace(p);

        var builder = new ConfigurationBuilder();
        string? fileSource = null;
        if (File.Exists(path))
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SettingsException($"Settings file {path} cannot be read ({e.Message.TrimEnd('.')}); fix its permissions or point {ConfigPathVariable} elsewhere.", e);
            }
            if (bytes.AsSpan().Trim((byte)' ').Trim("\r\n\t"u8).Length > 0)
            {
                builder.AddJsonStream(new MemoryStream(bytes));
                fileSource = $"settings file {path}";
            }
        }
        else if (explicitPath)
        {
            throw new SettingsException($"Settings file {path} named by {ConfigPathVariable} does not exist; create it or unset {ConfigPathVariable}.");
        }

        // Environment variables: KLUTCH_REGISTRY__TIMEOUT -> Registry:Timeout. Other KLUTCH_ variables
        // (KLUTCH_CONFIG, test switches) are not settings and are left alone.
        var envKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var envValues = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            var key = name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            var top = key.Split(':')[0];
            if (!TopLevel.Contains(top, StringComparer.OrdinalIgnoreCase)) continue;
            envKeys[key] = name;
            envValues[key] = value;
        }
        builder.AddInMemoryCollection(envValues);

        IConfigurationRoot root;
        try { root = builder.Build(); }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            var detail = Detail(e.InnerException ?? e);
            throw new SettingsException($"Settings file {path} is not valid JSON ({detail}); fix it or point {ConfigPathVariable} elsewhere.", e);
        }

        return new Binder(root, fileSource, envKeys, new UserEnvironment(environment, homeDirectory)).Bind();
    }

    /// <summary>The parser's complaint, at the line and column an editor shows: System.Text.Json counts both from 0.</summary>
    private static string Detail(Exception e)
    {
        if (e is not System.Text.Json.JsonException { LineNumber: { } line } json) return e.Message.TrimEnd('.');
        var message = json.Message;
        foreach (var tail in new[] { " Path:", " LineNumber:" })
            if (message.IndexOf(tail, StringComparison.Ordinal) is >= 0 and var at) message = message[..at];
        return $"{message.TrimEnd().TrimEnd('.')}, at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}";
    }

    private sealed class Binder(IConfigurationRoot root, string? fileSource, Dictionary<string, string> envKeys, UserEnvironment environment)
    {
        public KlutchSettings Bind()
        {
            CheckKnown(root, "", TopLevel);
            var registry = root.GetSection("Registry");
            CheckKnown(registry, "Registry", RegistryKeys);
            var settings = new RegistrySettings(
                Mirrors(registry.GetSection("Mirrors")),
                Credentials(registry.GetSection("Credentials")),
                List(registry.GetSection("Insecure")).Select(h => h.Trim().ToLowerInvariant()).ToList(),
                Seconds(registry.GetSection("Timeout"), RegistrySettings.DefaultTimeout),
                Seconds(registry.GetSection("CacheTtl"), RegistrySettings.DefaultCacheTtl, allowZero: true))
            {
                Environment = environment,
            };

            // Case-insensitive: a fleet named in an environment variable arrives upper-cased.
            var fleets = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var fleet in root.GetSection("Fleets").GetChildren())
            {
                var contexts = List(fleet);
                if (contexts.Count == 0) throw Bad(fleet, "must list at least one context name or pattern");
                fleets[fleet.Key] = contexts;
            }

            return new KlutchSettings(settings, fleets);
        }

        private List<MirrorRule> Mirrors(IConfigurationSection section)
        {
            var rules = new List<MirrorRule>();
            foreach (var item in Items(section))
            {
                CheckKnown(item, item.Path, MirrorKeys);
                var from = Required(item, "From").TrimEnd('/');
                var to = Required(item, "To").TrimEnd('/');
                foreach (var (key, value) in new[] { ("From", from), ("To", to) })
                {
                    if (!value.Contains('/') || value.Any(char.IsWhiteSpace) || value.Contains("://", StringComparison.Ordinal))
                        throw Bad(item.GetSection(key), $"must be a registry host followed by a repository path, like public.ecr.aws/w5n9a2g2/klutch, not '{value}'");
                }
                rules.Add(new MirrorRule(from, to));
            }
            return rules;
        }

        private List<RegistryCredential> Credentials(IConfigurationSection section)
        {
            var list = new List<RegistryCredential>();
            foreach (var item in Items(section))
            {
                CheckKnown(item, item.Path, CredentialKeys);
                var host = Required(item, "Host").Trim().ToLowerInvariant();
                if (host.Contains('/') || host.Any(char.IsWhiteSpace)) throw Bad(item.GetSection("Host"), $"must be a registry host such as mirror.example:5000, not '{host}'");
                var user = Required(item, "Username");
                var env = Optional(item, "PasswordEnv");
                var file = Optional(item, "PasswordFile");
                if ((env is null) == (file is null))
                    throw Bad(item, "must set exactly one of PasswordEnv (the name of an environment variable holding the password) and PasswordFile (a file holding it)");
                if (file is not null && file.StartsWith("~/", StringComparison.Ordinal))
                    file = Path.Combine(environment.Home, file[2..]);
                if (list.Any(c => c.Host == host)) throw Bad(item.GetSection("Host"), $"names {host} a second time");
                list.Add(new RegistryCredential(host, user, env, file));
            }
            return list;
        }

        /// <summary>A JSON array (numbered children) of objects.</summary>
        private IEnumerable<IConfigurationSection> Items(IConfigurationSection section)
        {
            if (section.Value is { Length: > 0 }) throw Bad(section, "must be a list of objects");
            var children = section.GetChildren().ToList();
            foreach (var child in children)
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw Bad(child, "is not a list position; this setting must be a JSON list");
            return children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture));
        }

        /// <summary>A JSON array of strings, or one comma-separated string (handy in an environment variable).</summary>
        private List<string> List(IConfigurationSection section)
        {
            if (section.Value is { } single)
                return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var result = new List<string>();
            foreach (var child in section.GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) || child.Value is null || child.GetChildren().Any())
                    throw Bad(child, "must be a list of strings");
                if (child.Value.Trim().Length > 0) result.Add(child.Value.Trim());
            }
            return result;
        }

        private TimeSpan Seconds(IConfigurationSection section, TimeSpan fallback, bool allowZero = false)
        {
            if (section.Value is null or "") return section.GetChildren().Any() ? throw Bad(section, "must be a number of seconds") : fallback;
            if (!double.TryParse(section.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                || double.IsNaN(s) || s < 0 || (s == 0 && !allowZero) || s > 86400)
                throw Bad(section, $"must be a {(allowZero ? "non-negative" : "positive")} number of seconds (at most 86400), not '{section.Value}'");
            return TimeSpan.FromSeconds(s);
        }

        private string Required(IConfigurationSection item, string key) =>
            Optional(item, key) ?? throw Bad(item.GetSection(key), "is required");

        private string? Optional(IConfigurationSection item, string key)
        {
            var section = item.GetSection(key);
            if (section.GetChildren().Any()) throw Bad(section, "must be a string");
            return string.IsNullOrWhiteSpace(section.Value) ? null : section.Value.Trim();
        }

        private void CheckKnown(IConfiguration section, string path, string[] known)
        {
            if (section is IConfigurationSection { Value: { Length: > 0 } } s && known.Length > 0)
                throw Bad(s, $"must be an object with {string.Join(", ", known)}");
            foreach (var child in section.GetChildren())
            {
                if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                    throw Bad(child, $"is not a known setting{(path.Length == 0 ? "" : " under " + path)} (known: {string.Join(", ", known)})");
            }
        }

        private SettingsException Bad(IConfigurationSection section, string problem) =>
            new($"Setting {section.Path} in {SourceOf(section.Path)} {problem}.");

        /// <summary>Which source supplied a key: the environment wins over the file, as in the merged configuration.</summary>
        private string SourceOf(string path)
        {
            var env = envKeys.Keys.FirstOrDefault(k => k.Equals(path, StringComparison.OrdinalIgnoreCase))
                ?? envKeys.Keys.FirstOrDefault(k => k.StartsWith(path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase));
            if (env is not null) return $"environment variable {envKeys[env]}";
            return fileSource ?? "the settings";
        }
    }
}
