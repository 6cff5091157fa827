using KubectlKlutch.Inventory;
using KubectlKlutch.Upgrade;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Preflight;

/// <summary>Evaluates every release rule that applies to a plan's steps, before anything is written.</summary>
public static class PreflightCheck
{
    /// <summary>Refuses unknown IDs given to --ignore-check before anything is read.</summary>
    public static void ValidateIgnored(IEnumerable<string> ignored)
    {
        var unknown = ignored.Where(id => ReleaseRules.Find(id) is null).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"--ignore-check {string.Join(", ", unknown)}: no such check; the checks are {string.Join(", ", ReleaseRules.All.Select(r => r.Id))}");
    }

    public static async Task<IReadOnlyList<Finding>> EvaluateAsync(IEnumerable<PlanStep> steps, ClusterSnapshot snapshot, SharedReads reads, IReadOnlyCollection<string> ignored, CancellationToken ct)
    {
        var findings = new List<Finding>();
        foreach (var step in steps.Where(s => !s.UpToDate))
        {
            if (!Versions(step, out var from, out var to)) continue;
            var context = new RuleContext(snapshot, reads, step.Catalog, from, to);
            foreach (var rule in ReleaseRules.All.Where(r => r.AppliesTo(step.Catalog, from, to)))
                findings.AddRange(await rule.Check(context, ct));
        }
        // A role-wide rule (the Crossplane version) is found once per object, not once per step.
        return [.. findings.DistinctBy(f => (f.Id, f.Object)).Select(f => ignored.Contains(f.Id) ? f with { Overridden = true } : f)];
    }

    /// <summary>The IDs of blocking rules that would stop `component` going from `from` to `to` on this cluster.</summary>
    public static async Task<IReadOnlyList<string>> BlockersAsync(Catalog.Component component, ReleaseVersion from, ReleaseVersion to, ClusterSnapshot snapshot, SharedReads reads, CancellationToken ct)
    {
        var context = new RuleContext(snapshot, reads, component, from, to);
        var ids = new List<string>();
        foreach (var rule in ReleaseRules.All.Where(r => r.Severity == Severity.Blocking && r.AppliesTo(component, from, to)))
            if ((await rule.Check(context, ct)).Any(f => f.Severity == Severity.Blocking)) ids.Add(rule.Id);
        return ids;
    }

    /// <summary>Marks, for `versions`, each newer release that a blocking check would stop on this cluster.</summary>
    public static async Task<IReadOnlyList<ComponentVersions>> MarkBlockedAsync(IReadOnlyList<ComponentVersions> components, ClusterSnapshot snapshot, SharedReads reads, CancellationToken ct)
    {
        var marked = new List<ComponentVersions>();
        foreach (var c in components)
        {
            var blocked = new Dictionary<string, IReadOnlyList<string>>();
            if (ReleaseVersion.TryParse(c.Installed, out var installed))
                foreach (var release in c.Available.Select(ReleaseVersion.Parse).Where(r => r > installed))
                    if (await BlockersAsync(c.Catalog, installed, release, snapshot, reads, ct) is { Count: > 0 } ids)
                        blocked[release.ToString()] = ids;
            marked.Add(blocked.Count == 0 ? c : c with { Blocked = blocked });
        }
        return marked;
    }

    private static bool Versions(PlanStep step, out ReleaseVersion from, out ReleaseVersion to)
    {
        from = to = null!;
        return ImageReference.TryParse(step.From, out var f) && ReleaseVersion.TryParse(f.Tag, out from!)
            && ImageReference.TryParse(step.To, out var t) && ReleaseVersion.TryParse(t.Tag, out to!);
    }
}
