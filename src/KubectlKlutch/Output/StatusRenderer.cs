using Humanizer;
using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

/// <summary>The status report for people: one line per component, warnings after it.</summary>
public static class StatusRenderer
{
    /// <param name="warningsOf">Names the cluster in each warning when several clusters' blocks share stderr.</param>
    public static void Write(StatusReport report, OutputFormat format, TextWriter output, TextWriter errors, Terminal terminal, DateTimeOffset now, string warningsOf = "")
    {
        if (StructuredOutput.IsStructured(format))
        {
            StructuredOutput.Write(output, report, OutputJson.Default.StatusReport, format);
            return;
        }

        var roles = report.Roles.Count == 0 ? "no Klutch" : string.Join(" and ", report.Roles.Select(r => r.Replace('-', ' ')));
        output.WriteLine($"Context {report.Context} ({report.Server}): {roles}");
        if (report.Components.Count > 0)
        {
            output.WriteLine();
            Table(report, format == OutputFormat.Wide, now).Write(output, terminal.Color);
        }
        BindingsRenderer.Write(report, output, now);
        if (report.Roles.Count == 0)
            output.WriteLine($"No Klutch component found: this cluster is neither an app cluster ({Identifying(ClusterRole.AppCluster)}) nor a control plane ({Identifying(ClusterRole.ControlPlane)}).");
        foreach (var problem in report.Unhealthy ?? [])
            errors.WriteLine($"Unhealthy: {warningsOf}{problem}");
        foreach (var warning in report.Warnings)
            errors.WriteLine($"Warning: {warningsOf}{warning}");
    }

    private static TableWriter Table(StatusReport report, bool wide, DateTimeOffset now)
    {
        var table = wide
            ? new TableWriter("COMPONENT", "KIND", "NAMESPACE/NAME", "VERSION", "HEALTH", "STATE", "UPDATED", "IMAGE/PACKAGE", "ROLLOUT/REVISION")
            : new TableWriter("COMPONENT", "NAMESPACE/NAME", "VERSION", "HEALTH", "UPDATED", "STATE");
        foreach (var c in report.Components)
        {
            var cells = new List<(string, string?)>
            {
                (c.Name, null),
            };
            if (wide) cells.Add((c.Kind, null));
            cells.Add((c.ObjectName is null ? "-" : c.Namespace is null ? c.ObjectName : $"{c.Namespace}/{c.ObjectName}", null));
            cells.Add((VersionCell(c), null));
            cells.Add((c.Health.ToString(), ColorOf(c.Health)));
            cells.Add((string.Join("; ", new[] { c.Message, PulledFrom(c), c.UpgradeNote }.OfType<string>()), null));
            cells.Add((c.UpdatedAt is { } at ? "updated " + at.Humanize(dateToCompareAgainst: now) : "-", null));
            if (wide)
            {
                cells.Add((c.Image ?? c.Package ?? "-", null));
                cells.Add((c.Rollout is { } r ? $"{r.Desired} desired, {r.Updated} updated, {r.Ready} ready, {r.Available} available" : c.Revision ?? "-", null));
            }
            // The free-text state is the widest column; in the narrow table it goes last.
            if (!wide) cells = [cells[0], cells[1], cells[2], cells[3], cells[5], cells[4]];
            table.Add([.. cells]);
        }
        return table;
    }

    /// <summary>What runs; a requested version that has not taken effect beside it: `v1.3.0 -> v1.9.0`.</summary>
    public static string VersionCell(ComponentStatus c) =>
        c.Running is { } running && c.Version is { } asked && running != asked ? $"{running} -> {asked}" : c.Running ?? c.Version ?? "-";

    /// <summary>Where an ImageConfig makes the cluster pull the package from.</summary>
    private static string? PulledFrom(ComponentStatus c) =>
        c.ResolvedPackage is { } resolved ? Inventory.PackageSource.Describe(resolved, c.ImageConfigs) : null;

    /// <summary>The components that make a cluster one of this role, from the catalog.</summary>
    private static string Identifying(ClusterRole role) =>
        string.Join(", ", ComponentCatalog.All.Where(c => c.KlutchRelease && c.Role == role).Select(c => c.Name));

    private static string? ColorOf(HealthState health) => health switch
    {
        HealthState.Healthy => Colors.Green,
        HealthState.Progressing => Colors.Yellow,
        _ => Colors.Red,
    };
}
