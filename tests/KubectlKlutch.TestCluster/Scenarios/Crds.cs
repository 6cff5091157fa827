using System.Text.Json.Nodes;

namespace KubectlKlutch.TestCluster;

/// <summary>
/// The CustomResourceDefinitions scenarios install. Custom kinds are served only while their CRD
/// exists, so these decide what discovery shows. Schemas are open (preserve unknown fields); the
/// printer columns copy Crossplane's and make `kubectl get providers` print INSTALLED/HEALTHY/PACKAGE.
/// </summary>
internal static class Crds
{
    private static JsonArray PackageColumns() => new(
        Column("Installed", "string", ".status.conditions[?(@.type=='Installed')].status"),
        Column("Healthy", "string", ".status.conditions[?(@.type=='Healthy')].status"),
        Column("Package", "string", ".spec.package"),
        Column("Age", "date", ".metadata.creationTimestamp"));

    /// <summary>v1 revisions print their Healthy condition; v2 ones RevisionHealthy and, for runtime kinds, RuntimeHealthy.</summary>
    private static JsonArray RevisionColumns(bool v2, bool runtime)
    {
        var columns = new JsonArray();
        if (!v2)
        {
            columns.Add(Column("Healthy", "string", ".status.conditions[?(@.type=='Healthy')].status"));
        }
        else
        {
            columns.Add(Column("Healthy", "string", ".status.conditions[?(@.type=='RevisionHealthy')].status"));
            if (runtime)
            {
                columns.Add(Column("Runtime Healthy", "string", ".status.conditions[?(@.type=='RuntimeHealthy')].status"));
            }
        }
        columns.Add(Column("Revision", "string", ".spec.revision"));
        columns.Add(Column("Image", "string", ".spec.image"));
        columns.Add(Column("State", "string", ".spec.desiredState"));
        columns.Add(Column("Dep-Found", "string", ".status.foundDependencies"));
        columns.Add(Column("Dep-Installed", "string", ".status.installedDependencies"));
        columns.Add(Column("Age", "date", ".metadata.creationTimestamp"));
        return columns;
    }

    private static JsonObject Column(string name, string type, string path) =>
        new() { ["name"] = name, ["type"] = type, ["jsonPath"] = path };

    /// <summary>The pkg.crossplane.io kinds the Crossplane release serves (ImageConfig from 1.20 on, as played here).</summary>
    public static IEnumerable<JsonObject> Crossplane(DateTimeOffset created, CrossplaneRelease release)
    {
        string[] pkg = ["crossplane", "pkg"];
        var v2 = release.V2Conditions;
        yield return Crd("pkg.crossplane.io", "providers", "Provider", false, pkg, created, ("v1", PackageColumns()));
        yield return Crd("pkg.crossplane.io", "configurations", "Configuration", false, pkg, created, ("v1", PackageColumns()));
        yield return Crd("pkg.crossplane.io", "functions", "Function", false, pkg, created,
            ("v1", PackageColumns()), ("v1beta1", PackageColumns()));
        yield return Crd("pkg.crossplane.io", "providerrevisions", "ProviderRevision", false, pkg, created, ("v1", RevisionColumns(v2, runtime: true)));
        yield return Crd("pkg.crossplane.io", "configurationrevisions", "ConfigurationRevision", false, pkg, created, ("v1", RevisionColumns(v2, runtime: false)));
        yield return Crd("pkg.crossplane.io", "functionrevisions", "FunctionRevision", false, pkg, created,
            ("v1", RevisionColumns(v2, runtime: true)), ("v1beta1", RevisionColumns(v2, runtime: true)));
        if (release.ImageConfigs)
        {
            yield return Crd("pkg.crossplane.io", "imageconfigs", "ImageConfig", false, ["crossplane", "pkg"], created,
                ("v1beta1", new JsonArray(Column("Age", "date", ".metadata.creationTimestamp"))));
        }
    }

    /// <summary>provider-anynines' ProviderConfig (one per service broker and backup manager).</summary>
    public static JsonObject ProviderConfigs(DateTimeOffset created) =>
        Crd("dataservices.anynines.com", "providerconfigs", "ProviderConfig", false, ["crossplane", "anynines"], created,
            ("v1", new JsonArray(Column("Age", "date", ".metadata.creationTimestamp"))));

    /// <summary>The klutch-bind backend's CRDs (klutch-components.md: "backend CRDs").</summary>
    public static IEnumerable<JsonObject> Backend(DateTimeOffset created)
    {
        yield return Crd("bind.anynines.com", "apiserviceexporttemplates", "APIServiceExportTemplate", true, [], created, ("v1alpha1", null));
        yield return ApiServiceBindings(created, namespaced: false);
        yield return Crd("klutch.anynines.com", "apiserviceexportrequests", "APIServiceExportRequest", true, [], created, ("v1alpha1", null));
        yield return Crd("klutch.anynines.com", "apiserviceexports", "APIServiceExport", true, [], created, ("v1alpha1", null));
        yield return Crd("klutch.anynines.com", "apiservicenamespaces", "APIServiceNamespace", true, [], created, ("v1alpha1", null));
        yield return Crd("klutch.anynines.com", "appclusterbindings", "AppClusterBinding", true, Bindings, created, ("v1alpha1", new JsonArray(
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"))));
        yield return Crd("klutch.anynines.com", "clusterbindings", "ClusterBinding", true, Bindings, created, ("v1alpha1", new JsonArray(
            Column("Konnector Version", "string", ".status.konnectorVersion"),
            Column("Last Heartbeat", "date", ".status.lastHeartbeatTime"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Age", "date", ".metadata.creationTimestamp"))));
    }

    private static readonly string[] Bindings = ["kube-bindings"];

    /// <summary>
    /// klutch-bind's APIServiceBinding (short name sb): cluster scoped up to 1.5.0, namespaced in
    /// the line after it (commit "Make apiservicebinding namespaced").
    /// </summary>
    public static JsonObject ApiServiceBindings(DateTimeOffset created, bool namespaced)
    {
        var crd = Crd("klutch.anynines.com", "apiservicebindings", "APIServiceBinding", namespaced, Bindings, created, ("v1alpha1", new JsonArray(
            Column("Provider", "string", ".status.providerPrettyName"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Message", "string", ".status.conditions[?(@.type==\"Ready\")].message"),
            Column("Age", "date", ".metadata.creationTimestamp"))));
        crd.Obj("spec").Obj("names")["shortNames"] = new JsonArray("sb");
        crd.Obj("status").Obj("acceptedNames")["shortNames"] = new JsonArray("sb");
        return crd;
    }

    /// <summary>The kinds of the tools that own objects: Argo CD's Application, Flux's Kustomization and HelmRelease.</summary>
    public static IEnumerable<JsonObject> Owners(DateTimeOffset created)
    {
        yield return Crd("argoproj.io", "applications", "Application", true, [], created, ("v1alpha1", null));
        yield return Crd("kustomize.toolkit.fluxcd.io", "kustomizations", "Kustomization", true, [], created, ("v1", null));
        yield return Crd("helm.toolkit.fluxcd.io", "helmreleases", "HelmRelease", true, [], created, ("v2", null));
    }

    private static JsonObject Crd(string group, string plural, string kind, bool namespaced, string[] categories,
        DateTimeOffset created, params (string Version, JsonArray? Columns)[] versions)
    {
        var versionList = new JsonArray();
        var first = true;
        foreach (var (version, columns) in versions)
        {
            var v = new JsonObject
            {
                ["name"] = version,
                ["served"] = true,
                ["storage"] = first,
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                },
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
            };
            if (columns != null)
            {
                v["additionalPrinterColumns"] = columns;
            }
            versionList.Add(v);
            first = false;
        }
        var names = new JsonObject
        {
            ["plural"] = plural,
            ["singular"] = kind.ToLowerInvariant(),
            ["kind"] = kind,
            ["listKind"] = kind + "List",
        };
        if (categories.Length > 0)
        {
            names["categories"] = new JsonArray(categories.Select(c => (JsonNode)c).ToArray());
        }
        var t = Json.Time(created);
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}", ["creationTimestamp"] = t, ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["names"] = names,
                ["scope"] = namespaced ? "Namespaced" : "Cluster",
                ["versions"] = versionList,
                ["conversion"] = new JsonObject { ["strategy"] = "None" },
            },
            ["status"] = new JsonObject
            {
                ["acceptedNames"] = names.DeepClone(),
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = t, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                    new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = t, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
                ["storedVersions"] = new JsonArray(versions[0].Version),
            },
        };
    }
}
