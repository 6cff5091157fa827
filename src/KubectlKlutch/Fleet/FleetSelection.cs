namespace KubectlKlutch.Fleet;

/// <summary>A context of the kubeconfig and the API server it reaches.</summary>
public sealed record KnownContext(string Name, string? Server);

/// <summary>A context that reaches the same API server as one chosen before it, and is not acted on.</summary>
public sealed record DuplicateContext(string Name, string SameAs, string Server);

/// <summary>
/// Which contexts a fleet command acts on, decided from the kubeconfig alone: nothing is sent to
/// any cluster before the choice is made, so a typo costs no request. Knows nothing of Klutch.
/// </summary>
public sealed record FleetSelection(IReadOnlyList<KnownContext> Members, IReadOnlyList<DuplicateContext> Duplicates)
{
    /// <param name="known">The kubeconfig's contexts, in file order.</param>
    /// <param name="patterns">Names and globs; null for every context.</param>
    /// <param name="source">How the patterns were given, for messages (`--contexts`, `fleet "prod"`).</param>
    public static FleetSelection Choose(IReadOnlyList<KnownContext> known, IReadOnlyList<string>? patterns, string source)
    {
        if (known.Count == 0)
            throw new UsageException("the kubeconfig has no contexts: add one with 'kubectl config set-context', or pass --kubeconfig");
        var chosen = new List<KnownContext>();
        foreach (var pattern in (patterns ?? ["*"]).Select(p => new ContextPattern(p.Trim())))
        {
            if (pattern.Text.Length == 0)
                throw new UsageException($"{source} has an empty entry: give context names or patterns separated by commas, such as app-*,cp-prod");
            var matches = known.Where(c => pattern.Matches(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (matches.Count == 0)
                throw new UsageException(pattern.IsName
                    ? $"context \"{pattern.Text}\" of {source} is not in the kubeconfig: known contexts are {string.Join(", ", known.Select(c => c.Name))}; nothing was read"
                    : $"the pattern \"{pattern.Text}\" of {source} matches no context: known contexts are {string.Join(", ", known.Select(c => c.Name))}; nothing was read");
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        // Two names for one API server are one cluster: the first name chosen acts for both.
        var members = new List<KnownContext>();
        var duplicates = new List<DuplicateContext>();
        foreach (var context in chosen)
        {
            var first = members.FirstOrDefault(m => context.Server is not null && SameServer(m.Server, context.Server));
            if (first is null) members.Add(context);
            else duplicates.Add(new DuplicateContext(context.Name, first.Name, context.Server!));
        }
        return new FleetSelection(members, duplicates);
    }

    private static bool SameServer(string? a, string b) =>
        a is not null && Uri.TryCreate(a.TrimEnd('/'), UriKind.Absolute, out var x) && Uri.TryCreate(b.TrimEnd('/'), UriKind.Absolute, out var y)
            ? Uri.Compare(x, y, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            : string.Equals(a?.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
