using System.Globalization;
using System.Text.RegularExpressions;

namespace KubectlKlutch;

/// <summary>kubectl-style durations: `90s`, `5m`, `1m30s`, `2h`, `500ms`; a bare number is seconds.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        // Go's time.ParseDuration refuses what does not fit; so does this (no OverflowException).
        var total = 0m;
        foreach (var (group, unit) in new[] { (1, 3_600_000m), (2, 60_000m), (3, 1_000m), (4, 1m) })
        {
            if (!m.Groups[group].Success) continue;
            if (m.Groups[group].Length > 15 || !decimal.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var part)) return false;
            total += part * unit;
            if (total > (decimal)TimeSpan.MaxValue.TotalMilliseconds / 2) return false;
        }
        duration = TimeSpan.FromMilliseconds((double)total);
        return true;
    }

    /// <summary>The shortest kubectl form: `5s`, `1m30s`, `250ms`.</summary>
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1)) return $"{(int)d.TotalMilliseconds}ms";
        var parts = new List<string>();
        if (d.Hours + d.Days * 24 > 0) parts.Add($"{d.Hours + d.Days * 24}h");
        if (d.Minutes > 0) parts.Add($"{d.Minutes}m");
        if (d.Seconds > 0 || parts.Count == 0) parts.Add($"{d.Seconds}s");
        return string.Concat(parts);
    }
}
