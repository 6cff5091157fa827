using KubectlKlutch.Kube.Objects;

namespace KubectlKlutch.Status;

/// <summary>How a component the plugin does not patch (Crossplane) was installed, from its labels.</summary>
public static class UpstreamInstall
{
    public static string? HelmRelease(Deployment d) => d.Metadata.Annotation("meta.helm.sh/release-name");

    public static string? HelmNamespace(Deployment d) =>
        d.Metadata.Annotation("meta.helm.sh/release-namespace") ?? d.Metadata.Namespace;

    public static string Describe(Deployment d) =>
        HelmRelease(d) is { } release
            ? $"upgraded by its own method: Helm release {release} in {HelmNamespace(d)}"
            : "upgraded by its own method (not a Helm release): see the Crossplane upgrade documentation";
}
