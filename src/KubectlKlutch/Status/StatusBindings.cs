using KubectlKlutch.Bindings;
using KubectlKlutch.Health;

namespace KubectlKlutch.Status;

/// <summary>
/// Klutch's own evidence beside the components: the bindings judged against the backend's
/// release, and a konnector whose pods are Ready while its bindings do not heartbeat made Degraded.
/// </summary>
internal static class StatusBindings
{
    public static (IReadOnlyList<ComponentStatus> Components, BindingsAssessment Assessment) Judge(
        BindingsView view, IReadOnlyList<ComponentStatus> components, DateTimeOffset now)
    {
        var backend = components.FirstOrDefault(c => c.Catalog?.Name == BindingKinds.BackendComponent);
        var assessment = BindingsAssessment.Of(view, backend?.Running ?? backend?.Version, now);
        var silent = BindingsAssessment.NotHeartbeating(assessment.ServiceBindings);
        if (silent.Count == 0) return (components, assessment);
        var why = string.Join("; ", silent.Select(s => $"APIServiceBinding {s.Name}: {(s.Heartbeating == "False" ? "Heartbeating" : "Ready")} False{(s.Message is null ? "" : " (" + s.Message + ")")}"));
        return ([.. components.Select(c => c.Catalog?.Name == BindingKinds.KonnectorComponent && c.Health == HealthState.Healthy
            ? c with { Health = HealthState.Degraded, Message = "pods ready, but its bindings do not heartbeat: " + why }
            : c)], assessment);
    }
}
