using KubectlKlutch.Cli.Options;
using KubectlKlutch.Output;
using KubectlKlutch.Session;

namespace KubectlKlutch.Cli.Commands;

public static class VersionCommand
{
    public static async Task<int> RunAsync(VersionOptions options, CliIo io, CancellationToken ct)
    {
        var format = ClusterSession.Format(options);
        var target = ClusterSession.Target(options);
        string? server = null, problem = null;
        if (!options.ClientOnly)
        {
            try
            {
                server = await ServerVersion.ReadAsync(target, ClusterSession.Kubeconfigs(target.Kubeconfig, io), io.Err, ct);
            }
            catch (OperationFailedException e)
            {
                problem = e.Message; // the plugin's own version is still worth printing
            }
        }

        var info = new VersionReport(PluginVersion.Current, server);
        if (StructuredOutput.IsStructured(format))
            StructuredOutput.Write(io.Out, info, CliJson.Default.VersionReport, format);
        else
        {
            io.Out.WriteLine($"kubectl-klutch {info.PluginVersion}");
            if (server is not null) io.Out.WriteLine($"Kubernetes server {server}");
        }
        if (problem is not null) io.Err.WriteLine($"No Kubernetes server version: {problem}");
        return ExitCodes.Success;
    }
}

public sealed record VersionReport(string PluginVersion, string? ServerVersion);
