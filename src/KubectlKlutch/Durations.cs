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
        long Part(int i) => m.Groups[i].Success ? long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromHours(Part(1)) + TimeSpan.FromMinutes(Part(2)) + TimeSpan.FromSeconds(Part(3)) + TimeSpan.FromMilliseconds(Part(4));
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
