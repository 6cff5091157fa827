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
        if (problem is null) return ExitCodes.Success;
        // The client's version is printed above; the server's could not be read, as kubectl exits 1.
        return Cli.Fail(io, $"no Kubernetes server version: {problem}", ExitCodes.Failed);
    }
}

public sealed record VersionReport(string PluginVersion, string? ServerVersion);
