using KubectlKlutch.Versions;

namespace KubectlKlutch.Output;

/// <summary>The versions report for people: one line per component, what is not a release apart.</summary>
public static class VersionsRenderer
{
    private const int Shown = 6;

    public static void Write(VersionsReport report, OutputFormat format, TextWriter output, TextWriter errors)
    {
        if (StructuredOutput.IsStructured(format))
        {
            StructuredOutput.Write(output, report, OutputJson.Default.VersionsReport, format);
            return;
        }
        output.WriteLine($"kubectl-klutch {report.PluginVersion}" + (report.Context is null ? "" : $", context {report.Context}"));
        output.WriteLine();
        var table = new TableWriter("COMPONENT", "INSTALLED", "LATEST", "LATEST PATCH", "BEHIND", "AVAILABLE");
        foreach (var c in report.Components)
        {
            var known = c.Error is null;
            table.Add(c.Name, c.Installed ?? "-", known ? c.Latest ?? "none" : "unknown", known ? c.LatestPatch ?? "-" : "unknown",
                c.Behind is { } behind ? (behind == 0 ? "up to date" : $"{behind} release{(behind == 1 ? "" : "s")}") : known ? "-" : "unknown",
                known ? string.Join(" ", c.Available.Take(Shown)) + (c.Available.Count > Shown ? $" (+{c.Available.Count - Shown} older)" : "") : "-");
        }
        table.Write(output, color: false);
        foreach (var c in report.Components.Where(c => c.OtherTags.Count > 0))
            output.WriteLine($"{c.Name}: also tagged {string.Join(", ", c.OtherTags)} (not releases)");
        foreach (var c in report.Components.Where(c => c.Blocked is not null))
            foreach (var (release, ids) in c.Blocked!)
                output.WriteLine($"{c.Name} {release}: blocked on this cluster by {string.Join(", ", ids)}; see 'kubectl klutch upgrade {c.Name} {release} --dry-run=client'");
        foreach (var c in report.Components.Where(c => c.Error is not null))
            errors.WriteLine($"Warning: {c.Name}: {Clause.Of(c.Error!)}.");
    }
}
