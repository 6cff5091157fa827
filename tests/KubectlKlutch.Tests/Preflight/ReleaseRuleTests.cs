using KubectlKlutch.Catalog;
using KubectlKlutch.Inventory;
using KubectlKlutch.Kube;
using KubectlKlutch.Preflight;
using KubectlKlutch.Tests.Snapshots;
using KubectlKlutch.Versions;

namespace KubectlKlutch.Tests.Preflight;

public class ReleaseRuleTests
{
    [Theory]
    [InlineData("v1.3.0", "v1.3.1", true)]
    [InlineData("v1.2.0", "v1.4.0", true)]
    [InlineData("v1.3.1", "v1.3.2", false)]
    [InlineData("v1.3.0", "v1.3.0", false)]
    [InlineData("v1.3.0", "v1.3.1-rc1", true)]  // a candidate counts as its release
    [InlineData("v1.3.1-rc1", "v1.3.1", false)]
    public void A_crossing_applies_only_from_before_the_release_to_it_or_later(string from, string to, bool applies)
    {
        Assert.Equal(applies, new Crossing(ReleaseVersion.Parse("v1.3.1")).Contains(ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)));
    }

    [Theory]
    [InlineData("v1.3.0", "v1.5.0", true)]
    [InlineData("v1.5.0", "v1.5.1", true)]
    [InlineData("v1.4.0", "v1.5.0-rc2", true)]
    [InlineData("v1.3.0", "v1.4.9", false)]
    public void Reaching_applies_to_any_upgrade_that_ends_at_or_after_the_release(string from, string to, bool applies)
    {
        Assert.Equal(applies, new Reaching(ReleaseVersion.Parse("v1.5.0")).Contains(ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)));
    }

    [Theory]
    [InlineData("provider-anynines", true)]
    [InlineData("dataservices", true)]
    [InlineData("backend", true)]
    [InlineData("konnector", false)]
    public void A_rule_for_a_role_applies_to_that_roles_Klutch_components(string component, bool applies)
    {
        var rule = ReleaseRules.Find(ReleaseRules.CrossplaneVersion)!;
        Assert.Equal(applies, rule.AppliesTo(ComponentCatalog.Find(component)!, ReleaseVersion.Parse("v1.3.0"), ReleaseVersion.Parse("v1.4.0")));
    }

    public static TheoryData<string, string, string, string, bool> Scopes => new()
    {
        { ReleaseRules.PatchAndTransform, "dataservices", "v1.3.0", "v1.3.1", true },
        { ReleaseRules.PatchAndTransform, "dataservices", "v1.2.0", "v1.4.0", true },
        { ReleaseRules.PatchAndTransform, "dataservices", "v1.3.1", "v1.3.2", false },
        { ReleaseRules.PatchAndTransform, "provider-anynines", "v1.3.0", "v1.3.1", false },
        { ReleaseRules.CrossplaneVersion, "backend", "v1.3.1", "v1.4.0", true },
        { ReleaseRules.CrossplaneVersion, "provider-anynines", "v1.4.0", "v1.4.1", true },
        { ReleaseRules.CrossplaneVersion, "provider-anynines", "v1.3.0", "v1.3.1", false },
        { ReleaseRules.CrossplaneVersion, "provider-kubernetes", "v0.14.1", "v1.4.0", false },
        { ReleaseRules.CrossplaneVersion, "crossplane", "v1.17.1", "v1.20.0", false },
        { ReleaseRules.ProviderConfigServiceType, "provider-anynines", "v1.4.0", "v1.5.0", true },
        { ReleaseRules.ProviderConfigServiceType, "provider-anynines", "v1.5.0", "v1.5.1", true },
        { ReleaseRules.ProviderConfigServiceType, "provider-anynines", "v1.3.0", "v1.4.0", false },
        { ReleaseRules.ProviderConfigServiceType, "dataservices", "v1.4.0", "v1.5.0", false },
        { ReleaseRules.KonnectorNamespace, "konnector", "v1.2.0", "v1.3.0", true },
        { ReleaseRules.KonnectorNamespace, "konnector", "v1.2.2", "v1.3.1", true },
        { ReleaseRules.KonnectorNamespace, "konnector", "v1.3.0", "v1.3.1", false },
        { ReleaseRules.KonnectorNamespace, "backend", "v1.2.0", "v1.3.0", false },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Each_rule_applies_to_its_component_or_role_and_its_releases(string rule, string component, string from, string to, bool applies)
    {
        Assert.Equal(applies, ReleaseRules.Find(rule)!.AppliesTo(ComponentCatalog.Find(component)!, ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)));
    }

    private const string FunctionFix = "install it first: 'crossplane xpkg install function xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.9.2', then wait until 'kubectl get functions' shows it Healthy";

    private static SnapshotBuilder ControlPlane() => new SnapshotBuilder()
        .Package("provider-anynines", Images.Provider("v1.3.0"))
        .Package("dataservices", Images.DataServices("v1.3.0"));

    public static TheoryData<string, ClusterSnapshot, Finding[]> PatchAndTransformCases => new()
    {
        { "the function installed and healthy", ControlPlane().Package("function-patch-and-transform", Images.PatchAndTransform("v0.9.2")).Build(), [] },
        {
            "no function",
            ControlPlane().Missing("function-patch-and-transform").Build(),
            [new(ReleaseRules.PatchAndTransform, Severity.Blocking, "function/function-patch-and-transform",
                "v1.3.1 needs the Function function-patch-and-transform, and there is none (no Function from a repository ending in /function-patch-and-transform)", FunctionFix)]
        },
        {
            "functions that could not be read",
            ControlPlane().Unreadable("function-patch-and-transform", "functions.pkg.crossplane.io is forbidden (403 Forbidden)").Build(),
            [new(ReleaseRules.PatchAndTransform, Severity.Blocking, "functions.pkg.crossplane.io",
                "could not check the Function function-patch-and-transform: functions.pkg.crossplane.io is forbidden (403 Forbidden)", FunctionFix) { CouldNotCheck = true }]
        },
        {
            "the function under another name, not installed",
            ControlPlane().Package("function-patch-and-transform", Images.PatchAndTransform("v0.9.2"), name: "crossplane-contrib-function-patch-and-transform",
                change: p => p with { Status = p.Status with { Conditions = [Views.Condition("Installed", "False", "UnpackPackage", "cannot unpack package"), Views.Condition("Healthy", "Unknown")] } }).Build(),
            [new(ReleaseRules.PatchAndTransform, Severity.Blocking, "function/crossplane-contrib-function-patch-and-transform",
                "v1.3.1 needs the Function function-patch-and-transform Healthy, and it is Degraded: not installed (UnpackPackage: cannot unpack package)",
                "make it Healthy first: 'kubectl describe function crossplane-contrib-function-patch-and-transform'")]
        },
        {
            "the function still being installed",
            ControlPlane().Package("function-patch-and-transform", Images.PatchAndTransform("v0.9.2"),
                change: p => p with { Status = p.Status with { Conditions = [Views.Condition("Installed", "True"), Views.Condition("Healthy", "Unknown")] } }).Build(),
            [new(ReleaseRules.PatchAndTransform, Severity.Blocking, "function/function-patch-and-transform",
                "v1.3.1 needs the Function function-patch-and-transform Healthy, and it is Progressing: waiting for the package manager to install it",
                "make it Healthy first: 'kubectl describe function function-patch-and-transform'")]
        },
    };

    [Theory]
    [MemberData(nameof(PatchAndTransformCases))]
    public async Task Configuration_v1_3_1_needs_function_patch_and_transform_healthy(string _, ClusterSnapshot snapshot, Finding[] findings)
    {
        Assert.Equal(findings, await Check(ReleaseRules.PatchAndTransform, "dataservices", "v1.3.0", "v1.3.1", snapshot));
    }

    private const string CrossplaneFix = "upgrade Crossplane first: 'kubectl klutch upgrade crossplane v1.20.0' prints the command for its install method";

    public static TheoryData<string, ClusterSnapshot, Finding[]> CrossplaneVersionCases => new()
    {
        {
            "Crossplane v1.17",
            ControlPlane().Deployment("crossplane", Images.Crossplane("v1.17.1"), replicas: 1).Build(),
            [new(ReleaseRules.CrossplaneVersion, Severity.Warning, "deployment/crossplane-system/crossplane",
                "v1.4.0 was built on Crossplane v1.20 (and needs a9s Data Services v68 or newer); this cluster runs Crossplane v1.17.1", CrossplaneFix)]
        },
        {
            "Crossplane v1.19 in a namespace of its own",
            ControlPlane().Deployment("crossplane", Images.Crossplane("v1.19.0"), ns: "upbound-system", replicas: 1).Build(),
            [new(ReleaseRules.CrossplaneVersion, Severity.Warning, "deployment/upbound-system/crossplane",
                "v1.4.0 was built on Crossplane v1.20 (and needs a9s Data Services v68 or newer); this cluster runs Crossplane v1.19.0", CrossplaneFix)]
        },
        { "Crossplane v1.20", ControlPlane().Deployment("crossplane", Images.Crossplane("v1.20.0"), replicas: 1).Build(), [] },
        { "Crossplane v2", ControlPlane().Deployment("crossplane", Images.Crossplane("v2.0.2"), replicas: 1).Build(), [] },
        { "a candidate of v1.20 counts as v1.20", ControlPlane().Deployment("crossplane", Images.Crossplane("v1.20.0-rc.1"), replicas: 1).Build(), [] },
        // Nothing to compare: the rule says nothing rather than guess.
        { "no Crossplane found", ControlPlane().Missing("crossplane").Build(), [] },
        { "Crossplane pinned by digest", ControlPlane().Deployment("crossplane", "xpkg.upbound.io/crossplane/crossplane@sha256:" + new string('c', 64), replicas: 1).Build(), [] },
    };

    [Theory]
    [MemberData(nameof(CrossplaneVersionCases))]
    public async Task Release_v1_4_0_warns_below_Crossplane_v1_20(string _, ClusterSnapshot snapshot, Finding[] findings)
    {
        Assert.Equal(findings, await Check(ReleaseRules.CrossplaneVersion, "provider-anynines", "v1.3.1", "v1.4.0", snapshot));
    }

    private static readonly ApiResource ProviderConfigs = new("dataservices.anynines.com", "v1", "providerconfigs", "ProviderConfig", false);

    private static CannedApi Configs(params string[] items) =>
        new CannedApi().Answer(ProviderConfigs.CollectionPath(null), $$"""{"apiVersion":"dataservices.anynines.com/v1","kind":"ProviderConfigList","items":[{{string.Join(",", items)}}]}""");

    private static string Config(string name, string? spec) => $$"""{"metadata":{"name":"{{name}}"}{{(spec is null ? "" : ",\"spec\":" + spec)}}}""";

    private static Finding ServiceTypeMissing(params string[] names) =>
        new(ReleaseRules.ProviderConfigServiceType, Severity.Blocking, string.Join(", ", names.Select(n => "providerconfig/" + n)),
            $"v1.5.0 requires spec.serviceType on every ProviderConfig, and {names.Length} do not set it: {string.Join(", ", names)}",
            $$$"""set it on each, for example 'kubectl patch providerconfig.dataservices.anynines.com {{{names[0]}}} --type merge -p '{"spec":{"serviceType":"PostgreSQL"}}'' (the service the broker serves)""");

    public static TheoryData<string, CannedApi, Finding[]> ServiceTypeCases => new()
    {
        { "every ProviderConfig sets it", Configs(Config("broker", """{"serviceType":"PostgreSQL"}"""), Config("backups", """{"serviceType":"PostgreSQL"}""")), [] },
        { "one does not", Configs(Config("broker", """{"serviceType":"PostgreSQL"}"""), Config("backups", """{"url":"http://backups:3000"}""")), [ServiceTypeMissing("backups")] },
        { "two do not, one without a spec at all", Configs(Config("a", null), Config("b", """{"serviceType":"MongoDB"}"""), Config("c", """{"serviceType":""}""")), [ServiceTypeMissing("a", "c")] },
        { "there are none", Configs(), [] },
        { "the kind is not served", new CannedApi(), [] },
        {
            "they could not be read",
            new CannedApi().Forbid(ProviderConfigs),
            [new(ReleaseRules.ProviderConfigServiceType, Severity.Blocking, "providerconfigs.dataservices.anynines.com",
                $"could not check the ProviderConfigs: {CannedApi.ForbiddenMessage(ProviderConfigs)} (403 Forbidden): ask your cluster administrator for this permission", null) { CouldNotCheck = true }]
        },
    };

    [Theory]
    [MemberData(nameof(ServiceTypeCases))]
    public async Task Provider_v1_5_0_needs_spec_serviceType_on_every_ProviderConfig(string _, CannedApi api, Finding[] findings)
    {
        Assert.Equal(findings, await Check(ReleaseRules.ProviderConfigServiceType, "provider-anynines", "v1.4.0", "v1.5.0", ControlPlane().Build(), api));
    }

    public static TheoryData<string, ClusterSnapshot, Finding[]> KonnectorNamespaceCases => new()
    {
        {
            "a lone konnector in kube-bind",
            new SnapshotBuilder().Deployment("konnector", Images.Legacy + "konnector:v1.2.0", ns: "kube-bind").Build(),
            [new(ReleaseRules.KonnectorNamespace, Severity.Warning, "deployment/kube-bind/konnector",
                "v1.3.0 moves the app cluster's bindings to namespace klutch-bind: this konnector is upgraded in kube-bind, and new bindings will place a konnector in klutch-bind",
                "after the next binding, delete the old one: 'kubectl delete -n kube-bind deployment konnector'")]
        },
        { "a konnector in klutch-bind", new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.2.0")).Build(), [] },
        // The product page's namespace: `status` warns about it; the release note is about kube-bind.
        { "a konnector in bind", new SnapshotBuilder().Deployment("konnector", Images.Legacy + "konnector:v1.2.1", ns: "bind").Build(), [] },
        {
            "the new one already beside the old one",
            new SnapshotBuilder().Deployment("konnector", Images.Konnector("v1.3.0")).Deployment("konnector", Images.Legacy + "konnector:v1.2.0", ns: "kube-bind").Build(), []
        },
        { "no konnector", new SnapshotBuilder().Missing("konnector").Build(), [] },
    };

    [Theory]
    [MemberData(nameof(KonnectorNamespaceCases))]
    public async Task Release_v1_3_0_warns_about_a_konnector_left_in_kube_bind(string _, ClusterSnapshot snapshot, Finding[] findings)
    {
        Assert.Equal(findings, await Check(ReleaseRules.KonnectorNamespace, "konnector", "v1.2.0", "v1.3.0", snapshot));
    }

    private static async Task<IReadOnlyList<Finding>> Check(string rule, string component, string from, string to, ClusterSnapshot snapshot, CannedApi? api = null) =>
        await ReleaseRules.Find(rule)!.Check(
            new RuleContext(snapshot, (api ?? new CannedApi()).Reads(), ComponentCatalog.Find(component)!, ReleaseVersion.Parse(from), ReleaseVersion.Parse(to)),
            CancellationToken.None);

    [Fact]
    public void Every_rule_has_a_distinct_id_and_names_a_component_or_a_role()
    {
        Assert.Equal(ReleaseRules.All.Count, ReleaseRules.All.Select(r => r.Id).Distinct().Count());
        foreach (var rule in ReleaseRules.All)
            Assert.True(ComponentCatalog.Find(rule.Scope) is not null || rule.Scope is "control-plane" or "app-cluster", rule.Id);
    }
}
