using System.Text;
using KubectlKlutch.Session;

namespace KubectlKlutch.Kube;

/// <summary>
/// Whom the requests act as: the kubeconfig user's `as`, `as-uid`, `as-groups` and
/// `as-user-extra`, each replaced by its command-line flag when that is given (as kubectl merges them).
/// </summary>
public sealed record Impersonation(string? User, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public static readonly Impersonation None = new(null, null, [], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The flags win field by field; the rest comes from the kubeconfig.</summary>
    public Impersonation With(ClusterTarget target, string? userName)
    {
        var merged = new Impersonation(target.As ?? User, target.AsUid ?? Uid, target.AsGroups.Count > 0 ? target.AsGroups : Groups, Extra);
        if (merged.User is null && (merged.Uid is not null || merged.Groups.Count > 0 || merged.Extra.Count > 0))
            throw new KubeException(KubeFailure.Config,
                $"user \"{userName}\" asks for impersonated groups, a uid or user-extra without a user to impersonate: add --as or the kubeconfig user's 'as'");
        // .NET's HTTP client joins repeated values of a header into one field ("ops, dev"), which
        // the API server reads as one group: refused rather than sent as someone else.
        if (merged.Groups.Count > 1)
            throw new KubeException(KubeFailure.Config,
                $"impersonating more than one group ({string.Join(", ", merged.Groups)}) is not supported: the plugin would send them as the one group \"{string.Join(", ", merged.Groups)}\"; impersonate one group");
        if (merged.Extra.FirstOrDefault(e => e.Value.Count > 1) is { Key: { } key } several)
            throw new KubeException(KubeFailure.Config,
                $"impersonating user-extra \"{key}\" with more than one value ({string.Join(", ", several.Value)}) is not supported: the plugin would send them as one value; keep one");
        return merged;
    }

    /// <summary>The headers the API server reads, named and escaped as client-go sends them.</summary>
    public IEnumerable<(string Name, string Value)> Headers()
    {
        if (User is null) yield break;
        yield return ("Impersonate-User", User);
        if (Uid is not null) yield return ("Impersonate-Uid", Uid);
        foreach (var group in Groups) yield return ("Impersonate-Group", group);
        foreach (var (key, values) in Extra)
            foreach (var value in values)
                yield return ("Impersonate-Extra-" + EscapeKey(key), value);
    }

    // A header name holds only token characters: anything else is percent-encoded (the server decodes it).
    private static string EscapeKey(string key)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "!#$&'*+-.^_`|~".Contains(c))) text.Append(c);
            else text.Append('%').Append(b.ToString("X2"));
        }
        return text.ToString();
    }
}
