using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Registry;

/// <summary>
/// Tag lists kept on disk for a short time (one JSON file per repository, with the time fetched),
/// so that repeated commands do not ask the registry again. Reading or writing the cache never
/// fails a command: a broken or unwritable cache is the same as an empty one.
/// </summary>
public sealed class TagCache(string directory, TimeSpan lifetime, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Directory { get; } = directory;
    public TimeSpan Lifetime { get; } = lifetime;

    /// <summary>
    /// The cache a command uses: <see cref="Settings.UserEnvironment.CacheDirectory"/> of the settings' environment,
    /// kept for <see cref="Settings.RegistrySettings.CacheTtl"/>; none when that is 0 or there is no such directory.
    /// </summary>
    public static TagCache? ForSettings(Settings.RegistrySettings settings) =>
        settings.CacheTtl > TimeSpan.Zero && settings.Environment.CacheDirectory is { } directory ? new(directory, settings.CacheTtl) : null;

    /// <summary>The cached tags of registry/repository when fetched less than <see cref="Lifetime"/> ago.</summary>
    public IReadOnlyList<string>? TryGet(ImageReference repository)
    {
        if (Lifetime <= TimeSpan.Zero) return null;
        try
        {
            var path = PathFor(repository);
            if (!File.Exists(path)) return null;
            var entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), RegistryJsonContext.Default.TagCacheEntry);
            if (entry is null || entry.Repository != repository.Name) return null;
            var age = _time.GetUtcNow() - entry.Fetched;
            return age >= TimeSpan.Zero && age < Lifetime ? entry.Tags : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Stores the tags; returns false (and nothing else happens) when the cache cannot be written.</summary>
    public bool TryPut(ImageReference repository, IReadOnlyList<string> tags)
    {
        if (Lifetime <= TimeSpan.Zero) return false;
        string? temp = null;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = PathFor(repository);
            var entry = new TagCacheEntry { Repository = repository.Name, Fetched = _time.GetUtcNow(), Tags = tags.ToList() };
            temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(entry, RegistryJsonContext.Default.TagCacheEntry));
            File.Move(temp, path, overwrite: true); // readers never see half a file
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            try { if (temp is not null) File.Delete(temp); } catch (Exception d) when (d is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>A readable, collision-free file name: <c>public.ecr.aws_w5n9a2g2_klutch_konnector-1a2b3c4d.json</c>.</summary>
    internal string PathFor(ImageReference repository)
    {
        var name = repository.Name;
        var safe = new StringBuilder(name.Length);
        foreach (var c in name) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return Path.Combine(Directory, $"{safe}-{hash}.json");
    }
}
