using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

/// <summary>Fleet status for people: each cluster's block as `status` prints it, then the fleet in one line.</summary>
public static class FleetStatusRenderer
{
    public static void Write(FleetStatusReport report, OutputFormat format, TextWriter output, TextWriter errors, Terminal terminal, DateTimeOffset now)
    {
        if (StructuredOutput.IsStructured(format))
        {
            StructuredOutput.Write(output, report, OutputJson.Default.FleetStatusReport, format);
            return;
        }
        foreach (var cluster in report.Clusters)
        {
            if (cluster.Error is { } error)
                output.WriteLine($"Context {cluster.Context} ({cluster.Server}): not read: {error}");
            else
                StatusRenderer.Write(cluster, format, output, errors, terminal, now, warningsOf: $"context {cluster.Context}: ");
            output.WriteLine();
        }
        output.WriteLine(report.Summary);
    }
}
