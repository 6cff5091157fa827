using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using KubectlKlutch.Session;

namespace KubectlKlutch.Kube;

/// <summary>
/// The kubeconfig as kubectl sees it: `--kubeconfig`, else every file in `KUBECONFIG` merged
/// (the first file to name a context, cluster or user wins, missing files are skipped), else
/// `~/.kube/config`.
/// </summary>
public sealed class Kubeconfig
{
    private readonly Dictionary<string, UserExtras> userExtras;
    private readonly Dictionary<string, string> proxyUrls;

    private Kubeconfig(K8SConfiguration merged, IReadOnlyList<string> files, Dictionary<string, UserExtras> userExtras, Dictionary<string, string> proxyUrls)
    {
        Merged = merged;
        Files = files;
        this.userExtras = userExtras;
        this.proxyUrls = proxyUrls;
    }

    public K8SConfiguration Merged { get; }
    public IReadOnlyList<string> Files { get; }
    public string? CurrentContext => Merged.CurrentContext;
    public IEnumerable<string> ContextNames => Merged.Contexts.Select(c => c.Name);

    /// <summary>Every context with the server its cluster names: enough to choose a fleet without a request.</summary>
    public IReadOnlyList<Fleet.KnownContext> Contexts =>
        [.. Merged.Contexts.Select(c => new Fleet.KnownContext(c.Name,
            Merged.Clusters.FirstOrDefault(k => k.Name == c.ContextDetails?.Cluster)?.ClusterEndpoint?.Server))];

    /// <summary>
    /// Whether the cluster of a context is trusted by its own CA (or, as its kubeconfig says, not
    /// checked), so that connecting to it needs no machine trust store.
    /// </summary>
    public bool TrustsOwnRoots(string context, string? clusterOverride = null)
    {
        var clusterName = clusterOverride ?? Merged.Contexts.FirstOrDefault(c => c.Name == context)?.ContextDetails?.Cluster;
        var endpoint = Merged.Clusters.FirstOrDefault(k => k.Name == clusterName)?.ClusterEndpoint;
        return endpoint is not null && (endpoint.SkipTlsVerify
            || !string.IsNullOrEmpty(endpoint.CertificateAuthorityData) || !string.IsNullOrEmpty(endpoint.CertificateAuthority));
    }

    private string FilesText => string.Join(", ", Files);

    /// <summary>As kubectl: the flag, else the environment variable's files, else the home default.</summary>
    public static Kubeconfig Load(string? explicitPath, string? kubeconfigVariable, string home)
    {
        var files = FindFiles(explicitPath, kubeconfigVariable, home);
        K8SConfiguration? merged = null;
        var users = new Dictionary<string, UserExtras>();
        var proxies = new Dictionary<string, string>();
        foreach (var file in files)
        {
            var (config, extras) = Read(file);
            merged = merged is null ? config : Merge(merged, config);
            // The first file to name an entry wins, for these fields as for the rest of it.
            foreach (var (name, user) in extras.Users) users.TryAdd(name, user);
            foreach (var (name, url) in extras.ProxyUrls) proxies.TryAdd(name, url);
        }
        return new Kubeconfig(merged!, files, users, proxies);
    }

    private static List<string> FindFiles(string? explicitPath, string? env, string home)
    {
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath))
                throw new KubeException(KubeFailure.Config, $"the kubeconfig file {explicitPath} given with --kubeconfig does not exist: check the path");
            return [explicitPath];
        }

        if (!string.IsNullOrEmpty(env))
        {
            var existing = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Distinct().Where(File.Exists).ToList();
            if (existing.Count == 0)
                throw new KubeException(KubeFailure.Config, $"none of the files in KUBECONFIG ({env}) exists: fix KUBECONFIG or pass --kubeconfig");
            return existing;
        }

        var defaultPath = Path.Combine(home, ".kube", "config");
        if (!File.Exists(defaultPath))
            throw new KubeException(KubeFailure.Config, $"no kubeconfig found: {defaultPath} does not exist and KUBECONFIG is not set; pass --kubeconfig or set KUBECONFIG");
        return [defaultPath];
    }

    private static (K8SConfiguration, KubeconfigExtras.Extracted) Read(string file)
    {
        K8SConfiguration config;
        KubeconfigExtras.Extracted extras;
        try
        {
            extras = KubeconfigExtras.Extract(File.ReadAllText(file));
            using var yaml = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(extras.Yaml));
            config = KubernetesClientConfiguration.LoadKubeConfig(yaml);
        }
        catch (UnauthorizedAccessException)
        {
            throw new KubeException(KubeFailure.Config, $"the kubeconfig {file} cannot be read (permission denied): check its permissions");
        }
        catch (Exception e) when (e is not KubeException)
        {
            // The YAML parser's message names the line and column, never a value.
            var where = e is YamlDotNet.Core.YamlException y ? At(file, y.Start.Line, y.Start.Column) : "";
            throw new KubeException(KubeFailure.Config, $"the kubeconfig {file} is not a valid kubeconfig{where}: fix or regenerate it");
        }
        if (config is null)
            throw new KubeException(KubeFailure.Config, $"the kubeconfig {file} is empty: fix or regenerate it");
        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        ResolveRelativePaths(config, dir);
        foreach (var (name, user) in extras.Users.Where(u => u.Value.TokenFile is not null).ToList())
            extras.Users[name] = user with { TokenFile = Path.Combine(dir, user.TokenFile!) };
        return (config, extras);
    }

    /// <summary>
    /// Where the YAML parser stopped. A construct left open (`clusters: [`) is found only at the
    /// end of the file, a line after the last one; kubectl names the last line with text, so do we.
    /// </summary>
    private static string At(string file, long line, long column)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            var last = Array.FindLastIndex(lines, l => l.Trim().Length > 0) + 1;
            return line > last && last > 0 ? $" at line {last}" : $" at line {line}, column {column}";
        }
        catch (IOException)
        {
            return $" at line {line}, column {column}";
        }
    }

    // Relative paths are relative to the file that holds them, so they are made absolute before
    // files are merged (the client library would resolve them against the first file only).
    private static void ResolveRelativePaths(K8SConfiguration config, string dir)
    {
        string? Abs(string? p) => string.IsNullOrEmpty(p) || Path.IsPathRooted(p) ? p : Path.Combine(dir, p);
        config.Contexts ??= [];
        config.Clusters ??= [];
        config.Users ??= [];
        foreach (var c in config.Clusters.Where(c => c.ClusterEndpoint is not null))
            c.ClusterEndpoint.CertificateAuthority = Abs(c.ClusterEndpoint.CertificateAuthority);
        foreach (var u in config.Users.Where(u => u.UserCredentials is not null))
        {
            u.UserCredentials.ClientCertificate = Abs(u.UserCredentials.ClientCertificate);
            u.UserCredentials.ClientKey = Abs(u.UserCredentials.ClientKey);
            var exec = u.UserCredentials.ExternalExecution;
            if (exec?.Command is { } cmd && cmd.Contains('/') && !Path.IsPathRooted(cmd))
                exec.Command = Path.Combine(dir, cmd);
        }
        config.FileName = null;
    }

    private static K8SConfiguration Merge(K8SConfiguration first, K8SConfiguration next)
    {
        first.CurrentContext ??= next.CurrentContext;
        first.Contexts = [.. first.Contexts, .. next.Contexts.Where(c => first.Contexts.All(f => f.Name != c.Name))];
        first.Clusters = [.. first.Clusters, .. next.Clusters.Where(c => first.Clusters.All(f => f.Name != c.Name))];
        first.Users = [.. first.Users, .. next.Users.Where(c => first.Users.All(f => f.Name != c.Name))];
        return first;
    }

    /// <summary>
    /// Resolves the context (with --cluster and --user overrides) into client settings; runs an
    /// exec credential plugin if the user has one, as kubectl does.
    /// </summary>
    public ResolvedContext Resolve(ClusterTarget target)
    {
        var name = target.Context ?? CurrentContext;
        if (string.IsNullOrEmpty(name))
            throw new KubeException(KubeFailure.Config, $"no current context is set in {FilesText}: pass --context or run 'kubectl config use-context NAME'");
        var context = Merged.Contexts.FirstOrDefault(c => c.Name == name)
            ?? throw new KubeException(KubeFailure.Config,
                $"context \"{name}\" is not in {FilesText}: known contexts are {Known(ContextNames)}; pass one of them with --context");
        var details = context.ContextDetails ?? new ContextDetails();
        var clusterName = target.Cluster ?? details.Cluster;
        var userName = target.User ?? details.User;
        if (string.IsNullOrEmpty(clusterName) || Merged.Clusters.All(c => c.Name != clusterName))
            throw new KubeException(KubeFailure.Config,
                $"cluster \"{clusterName}\" of context \"{name}\" is not in {FilesText}: known clusters are {Known(Merged.Clusters.Select(c => c.Name))}");
        if (!string.IsNullOrEmpty(userName) && Merged.Users.All(u => u.Name != userName))
            throw new KubeException(KubeFailure.Config,
                $"user \"{userName}\" of context \"{name}\" is not in {FilesText}: known users are {Known(Merged.Users.Select(u => u.Name))}");

        // The library resolves the cluster of a synthetic context that carries the overrides. The
        // user and a CA file are resolved here: the library runs exec plugins through a shell-like
        // joined command line, knows no tokenFile, and reports a missing CA file as an OpenSSL error.
        var cluster = Merged.Clusters.First(c => c.Name == clusterName);
        var endpoint = cluster.ClusterEndpoint ?? new ClusterEndpoint();
        var caFile = string.IsNullOrEmpty(endpoint.CertificateAuthorityData) ? NonEmpty(endpoint.CertificateAuthority) : null;
        if (endpoint.SkipTlsVerify && (caFile is not null || !string.IsNullOrEmpty(endpoint.CertificateAuthorityData)))
            throw new KubeException(KubeFailure.Config,
                $"cluster \"{clusterName}\" sets both insecure-skip-tls-verify and a certificate authority, which kubectl refuses too: remove one of them from the kubeconfig");
        var effective = new K8SConfiguration
        {
            Clusters = [new Cluster { Name = clusterName, ClusterEndpoint = new ClusterEndpoint
            {
                Server = endpoint.Server, TlsServerName = endpoint.TlsServerName, SkipTlsVerify = endpoint.SkipTlsVerify,
                CertificateAuthorityData = endpoint.CertificateAuthorityData,
            } }],
            Users = [],
            Contexts = [new Context { Name = name, ContextDetails = new ContextDetails { Cluster = clusterName, Namespace = details.Namespace } }],
            CurrentContext = name,
        };
        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigObject(effective, name);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new KubeException(KubeFailure.Config, $"context \"{name}\" in {FilesText} is incomplete or broken ({Scrub(e.Message)}): fix or regenerate the kubeconfig");
        }
        if (caFile is not null) config.SslCaCerts = CertificateAuthorityFile.Load(caFile, clusterName);
        var user = Merged.Users.FirstOrDefault(u => u.Name == userName);
        var extras = userName is null ? null : userExtras.GetValueOrDefault(userName);
        UserAuth.Apply(config, userName ?? "", user, extras);
        return new ResolvedContext(name, clusterName, userName, config)
        {
            Impersonation = UserAuth.Impersonation(user, extras),
            Proxy = ClusterProxy.Parse(proxyUrls.GetValueOrDefault(clusterName), clusterName),
        };
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string Known(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    // Library messages name objects, not secrets; still, keep only the first line.
    private static string Scrub(string message) => message.Split('\n')[0].TrimEnd('.', ' ');
}

/// <summary>The chosen context, cluster and user, and the client settings built from them.</summary>
public sealed record ResolvedContext(string Context, string Cluster, string? User, KubernetesClientConfiguration Config)
{
    public string Server => Config.Host.TrimEnd('/');

    /// <summary>The kubeconfig user's own impersonation (the command line's flags are laid over it by the client).</summary>
    public Impersonation Impersonation { get; init; } = Impersonation.None;

    /// <summary>The cluster's `proxy-url`: every connection goes through it, loopback included, as in kubectl.</summary>
    public ClusterProxy? Proxy { get; init; }
}
