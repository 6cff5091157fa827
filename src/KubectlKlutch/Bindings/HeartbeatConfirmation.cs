using System.Diagnostics;
using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Bindings;

/// <summary>
/// The real end of a konnector upgrade on an app cluster: after the rollout, its APIServiceBindings
/// stay Ready and Heartbeating through <see cref="SettleWindow"/>. Pods can be Ready while the new
/// build cannot heartbeat; the bindings are Klutch's own word that it works. One per followed step.
/// </summary>
public sealed class HeartbeatConfirmation(KubeClient client)
{
    /// <summary>
    /// Long enough for a new konnector to have tried its first heartbeat and set its conditions,
    /// short enough to end well inside the default --timeout.
    /// </summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(20);

    private long? steadySince;

    /// <summary>The catalog entry whose end the bindings confirm.</summary>
    public static bool Applies(Component component) => component.Name == BindingKinds.KonnectorComponent;

    public static string PlanNote =>
        $"after the rollout, waits until the APIServiceBindings stay Ready and Heartbeating for {Durations.Format(SettleWindow)} (Klutch's confirmation that the konnector works); a cluster without bindings is not waited for";

    /// <summary>Where the rolled-out konnector stands by its bindings; <paramref name="rolledOut"/> is the rollout's own verdict.</summary>
    public async Task<FollowState> JudgeAsync(string rolledOut, CancellationToken ct)
    {
        var view = await BindingsReader.ReadAsync(new SharedReads(client), null, ct);
        if (view.Unreadable is [var denied, ..])
            return new(FollowPhase.Done, $"{rolledOut}; its APIServiceBindings could not be read ({denied.Reason}): not confirmed by their heartbeat", default);
        if (view.ApiServiceBindings.Count == 0)
            return new(FollowPhase.Done, $"{rolledOut}; no APIServiceBindings on this cluster (a fresh install): no heartbeat to wait for", default);

        var assessed = BindingsAssessment.Of(view, null, DateTimeOffset.UtcNow).ServiceBindings;
        if (BindingsAssessment.NotHeartbeating(assessed) is [var failing, ..])
        {
            var condition = failing.Heartbeating == "False" ? "Heartbeating" : "Ready";
            return new(FollowPhase.Failed, $"the konnector rolled out, but APIServiceBinding {Name(failing)} turned {condition} False{(failing.Message is null ? "" : ": " + failing.Message)}", default);
        }
        var pending = assessed.Where(s => s.Heartbeating != "True" || s.Ready != "True").ToList();
        if (pending.Count > 0)
        {
            steadySince = null;
            return new(FollowPhase.Progressing, $"rolled out; waiting for APIServiceBinding {string.Join(", ", pending.Select(Name))} to report Ready and Heartbeating", default);
        }
        steadySince ??= Stopwatch.GetTimestamp();
        var steady = Stopwatch.GetElapsedTime(steadySince.Value);
        return steady >= SettleWindow
            ? new(FollowPhase.Done, $"{rolledOut}; {assessed.Count} APIServiceBinding{(assessed.Count == 1 ? "" : "s")} stayed Ready and Heartbeating for {Durations.Format(SettleWindow)}", default)
            : new(FollowPhase.Progressing, $"rolled out; APIServiceBindings Ready and Heartbeating for {(int)steady.TotalSeconds}s of {Durations.Format(SettleWindow)}", default);
    }

    private static string Name(ServiceBindingStatus s) => s.Namespace is null ? s.Name : $"{s.Namespace}/{s.Name}";
}
