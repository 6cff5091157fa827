using System.Text.RegularExpressions;

namespace KubectlKlutch.Cli;

/// <summary>The checks of flag values that are more than a word: durations and a registry path. Each refusal is one sentence (exit 2).</summary>
public static partial class FlagValues
{
    /// <summary>
    /// A kubectl duration flag (`--request-timeout`, `--timeout`): absent gives the default,
    /// 0 means no limit (as in kubectl, given back as <paramref name="none"/>), anything else must
    /// be a duration. A duration longer than a timer can count is no limit either.
    /// </summary>
    public static TimeSpan Duration(string flag, string? text, TimeSpan fallback, TimeSpan none)
    {
        if (text is null) return fallback;
        if (!Durations.TryParse(text, out var duration))
            throw new UsageException($"{flag} {Quote(text)} is not a duration: use a value such as 30s, 5m or 1h (0 for no limit)");
        return duration == TimeSpan.Zero || duration >= LongestTimer ? none : duration;
    }

    /// <summary>What CancellationTokenSource.CancelAfter still accepts (about 49 days).</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // The distribution spec's grammar: a host (a name with a dot, host:port, localhost or [IPv6]:port), then path components.
    [GeneratedRegex(@"^(?:localhost|\[[0-9A-Fa-f:]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::(?<port>[0-9]{1,5}))?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RegistryPath();

    /// <summary>`--registry`: a registry host and path such as mirror.example:5000/klutch, never a URL.</summary>
    public static string? Registry(string? text)
    {
        if (text is null) return null;
        var match = RegistryPath().Match(text);
        var host = text.Split('/')[0];
        var looksLikeHost = host.Contains('.') || host.Contains(':') || host == "localhost";
        var portOk = !match.Groups["port"].Success || int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 65535;
        if (!match.Success || !looksLikeHost || !portOk)
            throw new UsageException($"--registry {Quote(text)} is not a registry host and path: give it as mirror.example:5000/klutch (no scheme, no spaces, lower-case path)");
        return text;
    }

    /// <summary>A value as the user can spot it in the sentence: quoted when empty or holding spaces.</summary>
    public static string Quote(string text) => text.Length == 0 || text.Any(char.IsWhiteSpace) ? $"\"{text}\"" : text;
}
