namespace KubectlKlutch.TestCluster.Tests;

/// <summary>`kubectl get` of every seeded kind prints what a real cluster would print.</summary>
public sealed class KubectlGetTests
{
    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.RegularExpressions.Regex.Replace(l.TrimEnd(), @"\s{2,}", " | ")).ToArray();

    [ScenarioFact]
    public async Task App_cluster_konnector_prints_as_a_rolled_out_deployment()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppCluster);
        var output = await cluster.KubectlOk("get", "deployment", "-n", "klutch-bind");
        Assert.Equal(["NAME | READY | UP-TO-DATE | AVAILABLE | AGE", "konnector | 2/2 | 2 | 2 | 3h"], Lines(output));

        var image = await cluster.KubectlOk("get", "deploy/konnector", "-n", "klutch-bind",
            "-o", "jsonpath={.spec.template.spec.containers[?(@.name==\"konnector\")].image}");
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/konnector:v1.3.0", image);

        var pods = Lines(await cluster.KubectlOk("get", "pods", "-n", "klutch-bind", "-l", "app=konnector"));
        Assert.Equal("NAME | READY | STATUS | RESTARTS | AGE", pods[0]);
        Assert.Equal(2, pods.Skip(1).Count(l => l.StartsWith("konnector-", StringComparison.Ordinal) && l.Contains("| 1/1 | Running | 0 |", StringComparison.Ordinal)));

        var rs = Lines(await cluster.KubectlOk("get", "rs", "-n", "klutch-bind"));
        Assert.Matches(@"^konnector-[a-z0-9]+ \| 2 \| 2 \| 2 \| 3h$", rs[1]);
    }

    [ScenarioFact]
    public async Task Legacy_and_product_page_layouts_are_seeded_in_their_namespaces()
    {
        await using var legacy = await TestCluster.StartAsync(Scenarios.LegacyAppCluster);
        Assert.Equal("public.ecr.aws/w5n9a2g2/anynines/konnector:v1.2.0",
            await legacy.KubectlOk("get", "deployment", "konnector", "-n", "kube-bind", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));

        await using var page = await TestCluster.StartAsync(Scenarios.ProductPageAppCluster);
        Assert.Equal("public.ecr.aws/w5n9a2g2/anynines/konnector:v1.2.1 Always konnector",
            await page.KubectlOk("get", "deployment", "konnector", "-n", "bind", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.restartPolicy} {.spec.template.spec.serviceAccountName}"));

        await using var two = await TestCluster.StartAsync(Scenarios.TwoKonnectors);
        var all = Lines(await two.KubectlOk("get", "deployments", "-A", "-l", "app=konnector"));
        Assert.Equal(["NAMESPACE | NAME | READY | UP-TO-DATE | AVAILABLE | AGE", "klutch-bind | konnector | 2/2 | 2 | 2 | 3h", "kube-bind | konnector | 2/2 | 2 | 2 | 3h"], all);
    }

    [ScenarioFact]
    public async Task Control_plane_packages_print_with_crossplane_columns()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        Assert.Equal(
        [
            "NAME | INSTALLED | HEALTHY | PACKAGE | AGE",
            "provider-anynines | True | True | public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0 | 3h",
            "provider-kubernetes | True | True | xpkg.upbound.io/crossplane-contrib/provider-kubernetes:v0.14.1 | 3h",
        ], Lines(await cluster.KubectlOk("get", "providers.pkg.crossplane.io")));
        Assert.Equal(
        [
            "NAME | INSTALLED | HEALTHY | PACKAGE | AGE",
            "anynines-dataservices | True | True | public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.0 | 3h",
        ], Lines(await cluster.KubectlOk("get", "configurations.pkg.crossplane.io")));
        Assert.Equal(
        [
            "NAME | INSTALLED | HEALTHY | PACKAGE | AGE",
            "function-patch-and-transform | True | True | xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.7.0 | 3h",
        ], Lines(await cluster.KubectlOk("get", "functions.v1beta1.pkg.crossplane.io")));
        Assert.Contains("function-patch-and-transform", await cluster.KubectlOk("get", "functions.v1.pkg.crossplane.io", "-o", "name"));

        var revisions = Lines(await cluster.KubectlOk("get", "providerrevisions", "-l", "pkg.crossplane.io/package=provider-anynines"));
        Assert.Equal("NAME | HEALTHY | REVISION | IMAGE | STATE | DEP-FOUND | DEP-INSTALLED | AGE", revisions[0]);
        Assert.Matches(@"^provider-anynines-[0-9a-f]{12} \| True \| 1 \| public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0 \| Active \| 0 \| 0 \| 3h$", revisions[1]);
        Assert.Single(Lines(await cluster.KubectlOk("get", "configurationrevisions", "-o", "name")));

        Assert.Equal("provider-anynines-", (await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines",
            "-o", "jsonpath={.status.currentRevision}"))[..18]);

        var deployments = Lines(await cluster.KubectlOk("get", "deployments", "-A"));
        Assert.Equal(["NAMESPACE | NAME | READY | UP-TO-DATE | AVAILABLE | AGE", "bind | anynines-backend | 1/1 | 1 | 1 | 3h", "crossplane-system | crossplane | 1/1 | 1 | 1 | 3h"], deployments);
        Assert.Equal("Recreate public.ecr.aws/w5n9a2g2/klutch/example-backend:v1.3.0",
            await cluster.KubectlOk("get", "deploy", "anynines-backend", "-n", "bind", "-o", "jsonpath={.spec.strategy.type} {.spec.template.spec.containers[0].image}"));
        Assert.Equal("crossplane xpkg.upbound.io/crossplane/crossplane:v1.17.1",
            await cluster.KubectlOk("get", "deploy", "crossplane", "-n", "crossplane-system", "-o",
                "jsonpath={.metadata.annotations.meta\\.helm\\.sh/release-name} {.spec.template.spec.containers[0].image}"));

        Assert.Equal(["NAME | AGE", "postgresql-backup-manager | 3h", "postgresql-service-broker | 3h"],
            Lines(await cluster.KubectlOk("get", "providerconfigs.dataservices.anynines.com")));
        Assert.Equal("PostgreSQL PostgreSQL", await cluster.KubectlOk("get", "providerconfigs.dataservices.anynines.com", "-o", "jsonpath={.items[*].spec.serviceType}"));

        var crds = await cluster.KubectlOk("get", "crd", "-o", "name");
        foreach (var crd in new[]
                 {
                     "apiserviceexporttemplates.bind.anynines.com", "apiservicebindings.klutch.anynines.com",
                     "apiserviceexportrequests.klutch.anynines.com", "apiserviceexports.klutch.anynines.com",
                     "apiservicenamespaces.klutch.anynines.com", "appclusterbindings.klutch.anynines.com",
                     "clusterbindings.klutch.anynines.com", "providers.pkg.crossplane.io", "providerconfigs.dataservices.anynines.com",
                 })
        {
            Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{crd}\n", crds);
        }
    }

    [ScenarioFact]
    public async Task Midway_control_plane_has_the_product_page_configuration_and_old_backend()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneMidway);
        Assert.Equal("public.ecr.aws/w5n9a2g2/anynines/dataservices:v1.2.0",
            await cluster.KubectlOk("get", "configuration.pkg.crossplane.io", "w5n9a2g2-anynines-dataservices", "-o", "jsonpath={.spec.package}"));
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0",
            await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o", "jsonpath={.spec.package}"));
        Assert.Equal("public.ecr.aws/w5n9a2g2/anynines/kubebind-backend:v1.2.0",
            await cluster.KubectlOk("get", "deploy", "anynines-backend", "-n", "bind", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [ScenarioFact]
    public async Task Empty_cluster_has_only_system_namespaces_and_no_crossplane_kinds()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.Empty);
        Assert.Equal(["NAME | STATUS | AGE", "default | Active | 3h", "kube-public | Active | 3h", "kube-system | Active | 3h"],
            Lines(await cluster.KubectlOk("get", "namespaces")));
        var providers = await cluster.Kubectl("get", "providers.pkg.crossplane.io");
        Assert.Equal(1, providers.ExitCode);
        Assert.Contains("error: the server doesn't have a resource type \"providers\"", providers.Stderr);
        Assert.Equal("No resources found\n", (await cluster.Kubectl("get", "deployments", "-A")).Stderr);
    }

    [ScenarioFact]
    public async Task App_and_control_plane_has_both_roles()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppAndControlPlane);
        var names = await cluster.KubectlOk("get", "deployments", "-A", "-o", "name");
        Assert.Equal("deployment.apps/anynines-backend\ndeployment.apps/crossplane\ndeployment.apps/konnector\n", names);
        Assert.Contains("provider-anynines", await cluster.KubectlOk("get", "providers.pkg.crossplane.io", "-o", "name"));
    }

    [ScenarioFact]
    public async Task Field_selectors_on_name_and_namespace_filter_like_the_api_server()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.TwoKonnectors);
        Assert.Equal("deployment.apps/konnector\n",
            await cluster.KubectlOk("get", "deployments", "-A", "--field-selector", "metadata.namespace=kube-bind", "-o", "name"));
        Assert.Equal("namespace/klutch-bind\n",
            await cluster.KubectlOk("get", "namespaces", "--field-selector", "metadata.name=klutch-bind", "-o", "name"));
        Assert.Equal("", await cluster.KubectlOk("get", "deployments", "-A", "--field-selector", "metadata.name=nope", "-o", "name"));
    }

    [ScenarioFact]
    public async Task Short_names_and_the_remaining_kinds_resolve()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.AppAndControlPlane);
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines condition met\n",
            await cluster.KubectlOk("wait", "--for=condition=Healthy", "provider/provider-anynines", "--timeout=10s"));
        Assert.Matches(@"^function.pkg.crossplane.io/function-patch-and-transform\n$", await cluster.KubectlOk("get", "function", "-o", "name"));
        var functionRevisions = Lines(await cluster.KubectlOk("get", "functionrevisions"));
        Assert.Matches(@"^function-patch-and-transform-[0-9a-f]{12} \| True \| 1 \| xpkg.upbound.io/crossplane-contrib/function-patch-and-transform:v0.7.0 \| Active \| 0 \| 0 \| 3h$", functionRevisions[1]);
        Assert.Equal(["NAMESPACE | NAME | SECRETS | AGE", "bind | anynines-backend | 0 | 3h", "crossplane-system | crossplane | 0 | 3h", "klutch-bind | konnector | 0 | 3h"],
            Lines(await cluster.KubectlOk("get", "sa", "-A")));
        Assert.Equal("No resources found\n", (await cluster.Kubectl("get", "events", "-A")).Stderr);
        var all = Lines(await cluster.KubectlOk("get", "all", "-n", "klutch-bind"));
        Assert.Equal(["NAME | READY | STATUS | RESTARTS | AGE", "NAME | READY | UP-TO-DATE | AVAILABLE | AGE", "NAME | DESIRED | CURRENT | READY | AGE"],
            all.Where(l => l.StartsWith("NAME", StringComparison.Ordinal)));
        Assert.Equal(2, all.Count(l => l.StartsWith("pod/konnector-", StringComparison.Ordinal) && l.EndsWith("| 1/1 | Running | 0 | 3h", StringComparison.Ordinal)));
    }
}
