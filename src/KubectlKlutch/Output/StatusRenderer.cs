using Humanizer;
using KubectlKlutch.Catalog;
using KubectlKlutch.Health;
using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

/// <summary>The status report for people: one line per component, warnings after it.</summary>
public static class StatusRenderer
{
    /// <summary>The width the default table keeps to.</summary>
    public const int DefaultWidth = 120;

    /// <param name="warningsOf">Names the cluster in each warning when several clusters' blocks share stderr.</param>
    /// <param name="template">The template of `-o jsonpath=`.</param>
    public static void Write(StatusReport report, OutputFormat format, TextWriter output, TextWriter errors, Terminal terminal, DateTimeOffset now, string warningsOf = "",
        JsonPathTemplate? template = null)
    {
        if (format == OutputFormat.Name)
        {
            // As kubectl's `-o name`: one line per object found, lower-case kind dot group.
            foreach (var c in report.Components.Where(c => c.ObjectName is not null))
                output.WriteLine($"{c.Kind.ToLowerInvariant()}.{Group(c)}/{c.ObjectName}");
            Warnings(report, errors, warningsOf);
            return;
        }
        if (format == OutputFormat.JsonPath)
        {
            output.Write(template!.Render(System.Text.Json.JsonSerializer.SerializeToNode(report, OutputJson.Default.StatusReport)));
            Warnings(report, errors, warningsOf);
            return;
        }
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
            var table = Table(report, format == OutputFormat.Wide, now);
            table.Write(output, terminal.Color);
            // What is wrong is never cut away: the whole state of a component that is not healthy follows the table.
            foreach (var c in table.Cut.Select(i => report.Components[i]).Where(c => c.Health != HealthState.Healthy))
                output.WriteLine($"{c.Name}: {State(c)}");
        }
        BindingsRenderer.Write(report, output, now);
        if (report.Roles.Count == 0)
            output.WriteLine($"No Klutch component found: this cluster is neither an app cluster ({Identifying(ClusterRole.AppCluster)}) nor a control plane ({Identifying(ClusterRole.ControlPlane)}).");
        Warnings(report, errors, warningsOf);
    }

    private static void Warnings(StatusReport report, TextWriter errors, string warningsOf)
    {
        foreach (var problem in report.Unhealthy ?? [])
            errors.WriteLine($"Unhealthy: {warningsOf}{problem}");
        foreach (var warning in report.Warnings)
            errors.WriteLine($"Warning: {warningsOf}{warning}");
    }

    /// <summary>The API group of the object, from the catalog entry: a Deployment's is apps, a package's its kind's.</summary>
    private static string Group(ComponentStatus c) => c.Catalog?.Workload switch
    {
        PackageWorkload p => (p.Resources.FirstOrDefault(r => r.Kind == c.Kind) ?? p.Resources[0]).Group,
        _ => "apps",
    };

    private static TableWriter Table(StatusReport report, bool wide, DateTimeOffset now)
    {
        // -o wide adds columns after the default ones, in the same order; the default table fits
        // 120 columns, cutting the free-text state (-o wide and -o json have all of it).
        var table = wide
            ? new TableWriter("COMPONENT", "NAMESPACE/NAME", "VERSION", "HEALTH", "UPDATED", "STATE", "KIND", "IMAGE/PACKAGE", "ROLLOUT/REVISION")
            : new TableWriter("COMPONENT", "NAMESPACE/NAME", "VERSION", "HEALTH", "UPDATED", "STATE") { MaxWidth = DefaultWidth };
        foreach (var c in report.Components)
        {
            var cells = new List<(string, string?)>
            {
                (c.Name, null),
            };
            cells.Add((c.ObjectName is null ? "-" : c.Namespace is null ? c.ObjectName : $"{c.Namespace}/{c.ObjectName}", null));
            cells.Add((VersionCell(c), null));
            cells.Add((c.Health.ToString(), ColorOf(c.Health)));
            cells.Add((c.UpdatedAt is { } at ? at.Humanize(dateToCompareAgainst: now) : "-", null));
            cells.Add((State(c), null));
            if (wide)
            {
                cells.Add((c.Kind, null));
                cells.Add((c.Image ?? c.Package ?? "-", null));
                cells.Add((c.Rollout is { } r ? $"{r.Desired} desired, {r.Updated} updated, {r.Ready} ready, {r.Available} available" : c.Revision ?? "-", null));
            }
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

    private static string State(ComponentStatus c) => string.Join("; ", new[] { c.Message, PulledFrom(c), c.UpgradeNote }.OfType<string>());

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
