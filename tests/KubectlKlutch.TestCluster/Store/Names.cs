using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KubectlKlutch.TestCluster;

/// <summary>Generated names in the shapes Kubernetes and Crossplane produce.</summary>
internal static class Names
{
    /// <summary>apimachinery's rand alphabet: no vowels (no words) and no confusable characters.</summary>
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Random(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }

    /// <summary>The pod-template-hash: FNV-32a of the template, safe-encoded digit by digit like ComputeHash.</summary>
    public static string TemplateHash(string canonicalTemplate)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(canonicalTemplate))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            sb.Append(Alphabet[c % Alphabet.Length]);
        }
        return sb.ToString();
    }

    /// <summary>Crossplane names a revision after its package and the first 12 hex digits of the image digest.</summary>
    public static string RevisionName(string packageName, string packageRef)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(packageRef)));
        return $"{packageName}-{digest[..12]}";
    }

    /// <summary>A stable fake image digest for a reference, so revisions and pods can show one.</summary>
    public static string Digest(string imageRef) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("digest:" + imageRef)));
}
