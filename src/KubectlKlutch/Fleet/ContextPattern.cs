using System.Text.RegularExpressions;

namespace KubectlKlutch.Fleet;

/// <summary>
/// One entry of --contexts: a context name, or a shell-style glob (`*` any run of characters,
/// `?` one character) over context names. Matching is exact and case-sensitive, as kubectl's
/// --context is.
/// </summary>
public sealed class ContextPattern
{
    private readonly Regex? glob;

    public ContextPattern(string text)
    {
        Text = text;
        if (IsGlob(text))
            glob = new Regex("^" + Regex.Escape(text).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Text { get; }

    /// <summary>A plain name keeps its place in the order given; a glob's matches come in name order.</summary>
    public bool IsName => glob is null;

    public bool Matches(string context) => glob?.IsMatch(context) ?? context == Text;

    private static bool IsGlob(string text) => text.Contains('*') || text.Contains('?');
}
