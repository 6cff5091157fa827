using System.Globalization;
using KubectlKlutch.Health;
using KubectlKlutch.Kube.Objects;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Bindings;

/// <summary>What `status` says about bindings: rows, findings (unhealthy, warnings) and a summary line.</summary>
public sealed record BindingsAssessment(
    IReadOnlyList<BoundAppCluster> Bound,
    IReadOnlyList<ServiceBindingStatus> ServiceBindings,
    IReadOnlyList<BackendKonnector> Konnectors,
    IReadOnlyList<string> Unhealthy,
    IReadOnlyList<string> Warnings,
    string? Summary)
{
    /// <summary>
    /// Judged by the backend's own rules (heartbeat older than twice the interval, no first heartbeat,
    /// Healthy/Ready False: unhealthy) and against the control plane's release (another konnector
    /// version, or `unknown`: a warning, as in the middle of a roll).
    /// </summary>
    public static BindingsAssessment Of(BindingsView view, string? release, DateTimeOffset now)
    {
        var owners = view.BackendKonnectors.ToDictionary(d => d.Metadata.Namespace ?? "", d => d, StringComparer.Ordinal);
        var bound = view.ClusterBindings.Select(b => Row(b, owners)).OrderBy(b => b.Namespace, StringComparer.Ordinal).ToList();
        var unhealthy = new List<string>();
        var warnings = new List<string>();
        var silent = new List<(string Name, TimeSpan Age)>();
        foreach (var (row, binding) in bound.Zip(view.ClusterBindings.OrderBy(b => b.Metadata.Namespace, StringComparer.Ordinal)))
        {
            var interval = Interval(binding.Status?.HeartbeatInterval);
            var age = binding.Status?.LastHeartbeatTime is { } beat ? now - beat : (TimeSpan?)null;
            if (binding.Status is null)
                warnings.Add($"app cluster {row.Name}: its ClusterBinding in {row.Namespace} has no status yet (Unknown)");
            else if (age is null)
                unhealthy.Add($"app cluster {row.Name}: no first heartbeat from its konnector yet");
            else if (interval is { } i && age > BindingKinds.HeartbeatTimeoutIntervals * i)
            {
                silent.Add((row.Name, age.Value));
                unhealthy.Add($"app cluster {row.Name}: its konnector has been silent for {Age(age.Value)} (heartbeat every {Durations.Format(i)}; the backend times out a heartbeat older than {Durations.Format(BindingKinds.HeartbeatTimeoutIntervals * i)})");
            }
            else if (row.Healthy == "False" || row.Ready == "False")
                unhealthy.Add($"app cluster {row.Name}: {(row.Healthy == "False" ? "Healthy" : "Ready")} False ({row.Reason}{(row.Message is null ? "" : ": " + row.Message)})");

            if (row.KonnectorVersion == BindingKinds.UnknownVersion)
                warnings.Add($"app cluster {row.Name} reports konnector version unknown (a custom build?): it cannot be compared with the control plane's {release ?? "release"}");
            else if (row.KonnectorVersion is { } v && release is not null && !SameRelease(v, release))
                warnings.Add($"app cluster {row.Name} runs konnector {v}, the control plane {release} (expected in the middle of a roll)");
        }

        var konnectors = view.BackendKonnectors.Select(d => Konnector(d, view.AppClusterBindings)).OrderBy(k => k.AppClusterBinding, StringComparer.Ordinal).ToList();
        unhealthy.AddRange(konnectors.Where(k => k.Health is not (HealthState.Healthy or HealthState.Progressing))
            .Select(k => $"the konnector of app cluster binding {k.AppClusterBinding} is {k.Health}: {k.Message}"));

        var services = view.ApiServiceBindings.Select(Service).OrderBy(s => s.Namespace).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        warnings.AddRange(services.Where(s => s.Connected == "False" && s.Heartbeating != "False" && s.Ready != "False")
            .Select(s => $"APIServiceBinding {s.Name} is not connected to its provider{(s.Message is null ? "" : ": " + s.Message)}"));
        return new BindingsAssessment(bound, services, konnectors, unhealthy, warnings, Summarize(bound, silent));
    }

    /// <summary>The APIServiceBindings that tell a konnector does not work: Heartbeating or Ready False.</summary>
    public static IReadOnlyList<ServiceBindingStatus> NotHeartbeating(IEnumerable<ServiceBindingStatus> services) =>
        [.. services.Where(s => s.Heartbeating == "False" || s.Ready == "False")];

    private static BoundAppCluster Row(ClusterBinding b, IReadOnlyDictionary<string, Deployment> owners)
    {
        var ns = b.Metadata.Namespace ?? "";
        var owner = owners.GetValueOrDefault(ns);
        var labels = owner?.Metadata.Labels;
        var acbName = labels?.GetValueOrDefault(BindingKinds.AppClusterBindingNameLabel);
        var conditions = b.Status?.Conditions;
        var failing = conditions.Find("Healthy") is { IsFalse: true } h ? h : conditions.Find("Ready") is { IsFalse: true } r ? r : null;
        return new BoundAppCluster
        {
            Name = acbName ?? ns,
            Namespace = ns,
            Provider = b.Spec?.ProviderPrettyName,
            AppClusterBinding = acbName is null ? null : $"{labels!.GetValueOrDefault(BindingKinds.AppClusterBindingNamespaceLabel)}/{acbName}",
            KonnectorVersion = b.Status?.KonnectorVersion,
            LastHeartbeat = b.Status?.LastHeartbeatTime,
            HeartbeatInterval = b.Status?.HeartbeatInterval,
            Healthy = StatusOf(conditions, "Healthy"),
            Ready = StatusOf(conditions, "Ready"),
            Reason = b.Status is null ? "NoStatus" : failing?.Reason,
            Message = b.Status is null ? "the ClusterBinding has no status" : failing?.Message,
        };
    }

    private static ServiceBindingStatus Service(ApiServiceBinding b)
    {
        var conditions = b.Status?.Conditions;
        var failing = new[] { "Heartbeating", "Ready", "Connected" }.Select(t => conditions.Find(t)).FirstOrDefault(c => c is { IsFalse: true });
        var missing = new[] { "Ready", "Heartbeating", "Connected" }.Where(t => conditions.Find(t) is null).ToList();
        return new ServiceBindingStatus
        {
            Name = b.Metadata.Name,
            Namespace = b.Metadata.Namespace,
            Provider = b.Status?.ProviderPrettyName,
            Ready = StatusOf(conditions, "Ready"),
            Heartbeating = StatusOf(conditions, "Heartbeating"),
            Connected = StatusOf(conditions, "Connected"),
            Reason = failing?.Reason ?? (missing.Count > 0 ? "ConditionsMissing" : null),
            Message = failing?.Message ?? (missing.Count > 0 ? "no condition " + string.Join(", ", missing) : null),
        };
    }

    private static BackendKonnector Konnector(Deployment d, IReadOnlyList<AppClusterBinding> bindings)
    {
        var labels = d.Metadata.Labels!;
        var name = labels.GetValueOrDefault(BindingKinds.AppClusterBindingNameLabel) ?? "";
        var ns = labels.GetValueOrDefault(BindingKinds.AppClusterBindingNamespaceLabel) ?? "";
        var image = d.Spec.Template.Spec.Containers.FirstOrDefault()?.Image;
        var health = DeploymentHealth.Assess(d, []);
        return new BackendKonnector
        {
            AppClusterBinding = $"{ns}/{name}",
            Namespace = d.Metadata.Namespace ?? "",
            Name = d.Metadata.Name,
            Version = ImageReference.TryParse(image, out var r) ? Status.StatusBuilder.VersionOf(r) : null,
            Image = image,
            OverrideImage = bindings.FirstOrDefault(b => b.Metadata.Name == name && b.Metadata.Namespace == ns)?.Spec?.Konnector?.Overrides?.Image,
            Health = health.State,
            Message = health.Message,
        };
    }

    private static string? Summarize(IReadOnlyList<BoundAppCluster> bound, List<(string Name, TimeSpan Age)> silent)
    {
        if (bound.Count == 0) return null;
        var versions = bound.GroupBy(b => b.KonnectorVersion ?? "no version").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => i == 0 ? $"{g.Count()} konnector {g.Key}" : $"{g.Count()} {g.Key}");
        var line = $"{bound.Count} app cluster{(bound.Count == 1 ? "" : "s")} bound: {string.Join(", ", versions)}";
        if (silent.Count > 0)
            line += $"; {silent.Count} silent for {Age(silent.Max(s => s.Age))} ({string.Join(", ", silent.Select(s => s.Name))})";
        return line;
    }

    private static bool SameRelease(string a, string b) =>
        ReleaseVersion.TryParse(a, out var x) && ReleaseVersion.TryParse(b, out var y) ? x.Release == y.Release : a == b;

    private static string StatusOf(List<Condition>? conditions, string type) => conditions.Find(type)?.Status ?? "Unknown";

    /// <summary>A Go duration (`5m0s`, `1h0m0s`, `30s`); null when missing or unparsable.</summary>
    public static TimeSpan? Interval(string? go) =>
        Durations.TryParse(go, out var t) && t > TimeSpan.Zero ? t : null;

    /// <summary>Whole minutes past a minute (`31m`), seconds below.</summary>
    public static string Age(TimeSpan age) =>
        age >= TimeSpan.FromHours(1) ? $"{(int)age.TotalHours}h{age.Minutes}m"
        : age >= TimeSpan.FromMinutes(1) ? ((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
        : Math.Max(0, (int)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
