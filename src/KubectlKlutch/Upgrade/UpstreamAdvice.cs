using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Status;

namespace KubectlKlutch.Upgrade;

/// <summary>
/// For a component upgraded by its own method (Crossplane): what to run instead, for the way
/// this cluster installed it. The plugin never patches it: a Helm release patched behind
/// Helm's back is reverted or broken by the next `helm upgrade`.
/// </summary>
public static class UpstreamAdvice
{
    public static string For(Component component, ClusterSnapshot snapshot, string version)
    {
        var found = snapshot.Of(component).OfType<DeploymentObservation>().FirstOrDefault();
        if (found is null)
            return $"{component.Name} is not upgraded by the plugin, and it is not installed in this cluster: install it by its own method";
        var chartVersion = version.TrimStart('v');
        return UpstreamInstall.HelmRelease(found.Deployment) is { } release && component.HelmChart is { } chart
            ? $"{component.Name} is upgraded by its own method, not by the plugin: it is Helm release {release} in {UpstreamInstall.HelmNamespace(found.Deployment)}, so run 'helm repo update && helm upgrade {release} {chart} --namespace {UpstreamInstall.HelmNamespace(found.Deployment)} --version {chartVersion} --reuse-values', then check with 'kubectl klutch status'"
            : $"{component.Name} is upgraded by its own method, not by the plugin, and it was not installed by Helm here: follow its upgrade documentation for your install method, then check with 'kubectl klutch status'";
    }
}
