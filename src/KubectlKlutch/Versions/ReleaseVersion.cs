using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KubectlKlutch.Versions;

/// <summary>
/// A Klutch release tag: `v`-prefixed semantic version (`v1.3.0`, `v1.4.0-rc1`). Ordered by
/// semantic version, never by string, so that v1.10.0 is newer than v1.9.0.
/// </summary>
public sealed record ReleaseVersion(int Major, int Minor, int Patch, string? PreRelease) : IComparable<ReleaseVersion>
{
    public bool IsPreRelease => PreRelease is not null;

    /// <summary>The release a candidate leads to: v1.4.0-rc1 counts as v1.4.0 for release rules.</summary>
    public ReleaseVersion Release => this with { PreRelease = null };

    public override string ToString() => $"v{Major}.{Minor}.{Patch}" + (PreRelease is null ? "" : "-" + PreRelease);

    public static bool TryParse(string? tag, [NotNullWhen(true)] out ReleaseVersion? version)
    {
        version = null;
        if (tag is null || tag.Length < 6 || tag[0] != 'v') return false;
        var body = tag[1..];
        var plus = body.IndexOf('+');
        if (plus >= 0) body = body[..plus];
        string? pre = null;
        var dash = body.IndexOf('-');
        if (dash >= 0)
        {
            pre = body[(dash + 1)..];
            body = body[..dash];
            if (pre.Length == 0 || pre.Split('.').Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
                return false;
        }
        var parts = body.Split('.');
        if (parts.Length != 3 || !parts.All(IsNumber)) return false;
        version = new ReleaseVersion(Num(parts[0]), Num(parts[1]), Num(parts[2]), pre);
        return true;

        static bool IsNumber(string s) => s.Length is > 0 and < 10 && s.All(char.IsAsciiDigit) && (s == "0" || s[0] != '0');
        static int Num(string s) => int.Parse(s, CultureInfo.InvariantCulture);
    }

    public static ReleaseVersion Parse(string tag) =>
        TryParse(tag, out var v) ? v : throw new FormatException($"'{tag}' is not a release version like v1.3.0.");

    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null) return 1;
        var c = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (c != 0) return c;
        if (PreRelease == other.PreRelease) return 0;
        if (PreRelease is null) return 1;   // a release is newer than its candidates
        if (other.PreRelease is null) return -1;
        return ComparePreRelease(PreRelease, other.PreRelease);
    }

    /// <summary>Semver 2.0 precedence, with one practical addition: `rc10` after `rc9`.</summary>
    private static int ComparePreRelease(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var c = CompareIdentifier(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    private static int CompareIdentifier(string a, string b)
    {
        var (aText, aNum) = Split(a);
        var (bText, bNum) = Split(b);
        var c = string.CompareOrdinal(aText, bText);
        if (c != 0) return aText.Length == 0 ? -1 : bText.Length == 0 ? 1 : c;
        return aNum.CompareTo(bNum);

        static (string, long) Split(string s)
        {
            var i = s.Length;
            while (i > 0 && char.IsAsciiDigit(s[i - 1])) i--;
            return i == s.Length || s.Length - i > 18 ? (s, -1) : (s[..i], long.Parse(s[i..], CultureInfo.InvariantCulture));
        }
    }

    public static bool operator <(ReleaseVersion a, ReleaseVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(ReleaseVersion a, ReleaseVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(ReleaseVersion a, ReleaseVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ReleaseVersion a, ReleaseVersion b) => a.CompareTo(b) >= 0;
}
