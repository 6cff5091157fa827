using KubectlKlutch.Cli.Options;
using KubectlKlutch.Output;
using KubectlKlutch.Session;

namespace KubectlKlutch.Cli;

/// <summary>Turns the kubectl flags into the library's target and kubeconfig source, and reads the chosen cluster.</summary>
public static class ClusterSession
{
    public static ClusterTarget Target(ClusterOptions options)
    {
        var timeout = FlagValues.Duration("--request-timeout", options.RequestTimeout, ClusterTarget.DefaultRequestTimeout, Timeout.InfiniteTimeSpan);
        return new ClusterTarget
        {
            Kubeconfig = options.Kubeconfig,
            Context = options.Context,
            Cluster = options.Cluster,
            User = options.User,
            Namespace = options.Namespace,
            RequestTimeout = timeout,
            As = options.As,
            AsGroups = [.. options.AsGroups],
            AsUid = options.AsUid,
            Verbosity = options.Verbosity,
        };
    }

    public static OutputFormat Format(ClusterOptions options) =>
        OutputFormats.TryParse(options.Output, out var format) ? format
            : OutputFormats.TryParse(options.Output, out _, out _)
                ? throw new UsageException($"-o {options.Output} is for status only: use table, wide, json or yaml here")
                : throw new UsageException($"-o {FlagValues.Quote(options.Output ?? "")} is not an output format: use table, wide, json or yaml");

    /// <summary>`status` also prints `-o name` and `-o jsonpath=TEMPLATE` (the template is checked before the cluster is read).</summary>
    public static (OutputFormat Format, JsonPathTemplate? Template) StatusFormat(ClusterOptions options)
    {
        if (!OutputFormats.TryParse(options.Output, out var format, out var template))
            throw new UsageException($"-o {FlagValues.Quote(options.Output ?? "")} is not an output format: use table, wide, json, yaml, name or jsonpath=TEMPLATE");
        if (template is null) return (format, null);
        if (template.Length == 0) throw new UsageException("-o jsonpath= needs a template, such as -o jsonpath='{.components[*].version}'");
        try
        {
            return (format, JsonPathTemplate.Parse(template));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static KubeconfigSource Kubeconfigs(string? explicitPath, CliIo io) =>
        new(explicitPath, io.Environment.GetValueOrDefault("KUBECONFIG"), io.Home);

    /// <summary>Connects to the context kubectl would use and reads every catalog entry in one pass: what every cluster verb starts with.</summary>
    public static Task<ClusterRead> ReadAsync(ClusterOptions options, CliIo io, CancellationToken ct, bool withBindings = false)
    {
        var target = Target(options);
        return ClusterRead.ReadAsync(target, Kubeconfigs(target.Kubeconfig, io).Load(), io.Err, ct, withBindings);
    }

    /// <summary>The flags that reach the same cluster again, for the commands the output suggests.</summary>
    public static string Reach(string? kubeconfig, string context) =>
        (kubeconfig is null ? "" : $" --kubeconfig {kubeconfig}") + $" --context {context}";
}
