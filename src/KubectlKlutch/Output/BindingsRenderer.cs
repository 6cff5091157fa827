using KubectlKlutch.Bindings;
using KubectlKlutch.Status;

namespace KubectlKlutch.Output;

/// <summary>The bindings' tables under the components: bound app clusters, backend-run konnectors, service bindings.</summary>
internal static class BindingsRenderer
{
    public static void Write(StatusReport report, TextWriter output, DateTimeOffset now)
    {
        if (report.Bindings is { } bound)
        {
            output.WriteLine();
            var table = new TableWriter("APP CLUSTER", "NAMESPACE", "PROVIDER", "KONNECTOR", "LAST HEARTBEAT", "HEALTHY", "READY", "REASON");
            foreach (var b in bound)
            {
                var beat = b.LastHeartbeat is { } at ? BindingsAssessment.Age(now - at) + " ago" : "never";
                var every = BindingsAssessment.Interval(b.HeartbeatInterval) is { } i ? $" (every {Durations.Format(i)})" : "";
                table.Add(b.AppClusterBinding is null ? b.Name : $"{b.Name} ({b.AppClusterBinding})", b.Namespace, b.Provider ?? "-",
                    b.KonnectorVersion ?? "-", beat + every, b.Healthy, b.Ready, b.Reason ?? "-");
            }
            table.Write(output, false);
        }
        if (report.BackendKonnectors is { } konnectors)
        {
            output.WriteLine();
            var table = new TableWriter("APP CLUSTER BINDING", "KONNECTOR (RUN BY THE BACKEND)", "VERSION", "HEALTH", "STATE");
            foreach (var k in konnectors)
                table.Add(k.AppClusterBinding, $"{k.Namespace}/{k.Name}", (k.Version ?? "-") + (k.OverrideImage is null ? "" : " (override)"), k.Health.ToString(), k.Message);
            table.Write(output, false);
        }
        if (report.ApiServiceBindings is { } services)
        {
            output.WriteLine();
            var table = new TableWriter("APISERVICEBINDING", "PROVIDER", "READY", "HEARTBEATING", "CONNECTED", "MESSAGE");
            foreach (var s in services)
                table.Add(s.Namespace is null ? s.Name : $"{s.Namespace}/{s.Name}", s.Provider ?? "-", s.Ready, s.Heartbeating, s.Connected, s.Message ?? "");
            table.Write(output, false);
        }
        if (report.BindingsSummary is { } summary)
        {
            output.WriteLine();
            output.WriteLine(summary);
        }
    }
}
