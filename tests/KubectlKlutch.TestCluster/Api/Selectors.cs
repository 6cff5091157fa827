using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// Label selectors (equality and set-based: a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a) and
/// field selectors (any dotted path such as metadata.name, metadata.namespace, involvedObject.name,
/// with =, == and !=). Parse errors become 400 BadRequest, as on a real API server.
/// </summary>
internal sealed class Selector
{
    private readonly List<Func<JsonObject, bool>> _terms = [];

    public static Selector Everything { get; } = new();

    public bool Matches(JsonObject obj) => _terms.All(t => t(obj));

    public static Selector ParseLabels(string? text)
    {
        var selector = new Selector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in SplitTerms(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }
            var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 2 && (words[1].StartsWith("in ", StringComparison.Ordinal) || words[1].StartsWith("in(", StringComparison.Ordinal) ||
                                      words[1].StartsWith("notin", StringComparison.Ordinal)))
            {
                var key = words[0];
                var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
                var open = words[1].IndexOf('(');
                var close = words[1].LastIndexOf(')');
                if (open < 0 || close < open)
                {
                    throw ApiError.BadRequest($"unable to parse requirement: {term}");
                }
                var values = words[1][(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                selector._terms.Add(o =>
                {
                    var v = Label(o, key);
                    return notIn ? v == null || !values.Contains(v) : v != null && values.Contains(v);
                });
            }
            else if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = SplitOn(term, "!=");
                selector._terms.Add(o => Label(o, k) != v);
            }
            else if (term.Contains('='))
            {
                var (k, v) = SplitOn(term, term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                selector._terms.Add(o => Label(o, k) == v);
            }
            else if (term.StartsWith('!'))
            {
                var k = term[1..].Trim();
                selector._terms.Add(o => Label(o, k) == null);
            }
            else
            {
                selector._terms.Add(o => Label(o, term) != null);
            }
        }
        return selector;
    }

    public static Selector ParseFields(string? text)
    {
        var selector = new Selector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var (k, v) = SplitOn(term, "!=");
                selector._terms.Add(o => Field(o, k) != v);
            }
            else if (term.Contains('='))
            {
                var (k, v) = SplitOn(term, term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
                selector._terms.Add(o => Field(o, k) == v);
            }
            else
            {
                throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }
        }
        return selector;
    }

    private static (string, string) SplitOn(string term, string op)
    {
        var i = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..i].Trim(), term[(i + op.Length)..].Trim());
    }

    /// <summary>Splits on commas that are not inside the parentheses of an in/notin list.</summary>
    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static string? Label(JsonObject o, string key) =>
        o.At("metadata.labels") is JsonObject labels && labels[key] is JsonValue v ? v.ToString() : null;

    private static string Field(JsonObject o, string path)
    {
        var node = o.At(path);
        // An absent field compares as the empty string, as the API server's field label conversion does.
        return node is JsonValue v ? v.ToString() : "";
    }
}
