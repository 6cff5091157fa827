using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KubectlKlutch.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 9110 section 11.6.1): a scheme and its
/// parameters. Parameter names are case-insensitive; quoted values may hold commas and escapes.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every challenge in one header value, in order; empty when the header cannot be parsed.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(string? header)
    {
        var result = new List<AuthChallenge>();
        if (string.IsNullOrWhiteSpace(header)) return result;
        var p = new Parser(header);
        while (true)
        {
            p.SkipSeparators();
            if (p.AtEnd) break;
            var scheme = p.ReadToken();
            if (scheme.Length == 0) return [];
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                p.SkipSeparators();
                if (p.AtEnd) break;
                var mark = p.Position;
                var name = p.ReadToken();
                p.SkipSpaces();
                if (name.Length == 0 || !p.TryConsume('='))
                {
                    // Not name=value: either a token68 (ignored) or the scheme of the next challenge.
                    p.Position = mark;
                    if (name.Length == 0) return [];
                    break;
                }
                p.SkipSpaces();
                if (!p.TryReadValue(out var value)) return [];
                parameters[name] = value;
            }
            result.Add(new AuthChallenge(scheme, parameters));
        }
        return result;
    }

    private sealed class Parser(string text)
    {
        public int Position;
        public bool AtEnd => Position >= text.Length;

        public void SkipSpaces()
        {
            while (!AtEnd && text[Position] is ' ' or '\t') Position++;
        }

        public void SkipSeparators()
        {
            while (!AtEnd && text[Position] is ' ' or '\t' or ',') Position++;
        }

        public bool TryConsume(char c)
        {
            if (AtEnd || text[Position] != c) return false;
            Position++;
            return true;
        }

        public string ReadToken()
        {
            var start = Position;
            while (!AtEnd && IsTokenChar(text[Position])) Position++;
            return text[start..Position];
        }

        public bool TryReadValue(out string value)
        {
            value = "";
            if (AtEnd) return false;
            if (text[Position] != '"')
            {
                value = ReadToken();
                return value.Length > 0;
            }
            Position++;
            var sb = new StringBuilder();
            while (!AtEnd)
            {
                var c = text[Position++];
                if (c == '"')
                {
                    value = sb.ToString();
                    return true;
                }
                if (c == '\\' && !AtEnd) c = text[Position++];
                sb.Append(c);
            }
            return false; // unterminated quote
        }

        // RFC 9110 tchar, plus '/' so that token68-ish realm values without quotes still parse.
        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/' or ':';
    }
}

/// <summary>
/// The registry token challenge: <c>Bearer realm="https://auth/token",service="registry",scope="repository:a/b:pull"</c>.
/// </summary>
public sealed record BearerChallenge(string Realm, string? Service, string? Scope)
{
    public static bool TryParse(string? header, [NotNullWhen(true)] out BearerChallenge? challenge)
    {
        challenge = null;
        var bearer = AuthChallenge.ParseAll(header).FirstOrDefault(c => c.IsBearer);
        var realm = bearer?["realm"];
        if (bearer is null || string.IsNullOrEmpty(realm)) return false;
        challenge = new BearerChallenge(realm, bearer["service"], bearer["scope"]);
        return true;
    }

    /// <summary>True when the header offers HTTP Basic authentication.</summary>
    public static bool IsBasic(string? header) => AuthChallenge.ParseAll(header).Any(c => c.IsBasic);
}
