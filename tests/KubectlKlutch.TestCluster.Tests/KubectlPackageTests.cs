namespace KubectlKlutch.TestCluster.Tests;

/// <summary>The control-plane update from the product page: merge-patch spec.package, then wait.</summary>
public sealed class KubectlPackageTests
{
    private const string NewProvider = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.1";

    [ScenarioFact]
    public async Task Provider_package_patch_creates_an_active_healthy_revision()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines patched\n", await cluster.KubectlOk("patch", "providers/provider-anynines",
            "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{NewProvider}\"}}}}"));

        // Healthy is already True from the old revision, so wait on what proves the new one runs.
        var wait = await cluster.Kubectl("wait", "--for=jsonpath={.status.currentIdentifier}=" + NewProvider,
            "provider.pkg.crossplane.io/provider-anynines", "--timeout=20s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        wait = await cluster.Kubectl("wait", "--for=condition=Healthy", "provider.pkg.crossplane.io/provider-anynines", "--timeout=20s");
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines condition met\n", wait.Stdout);

        var revisions = (await cluster.KubectlOk("get", "providerrevisions", "-l", "pkg.crossplane.io/package=provider-anynines",
            "-o", "jsonpath={range .items[*]}{.spec.revision} {.spec.desiredState} {.status.conditions[?(@.type==\"Healthy\")].status} {.spec.image}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray();
        Assert.Equal(["1 Inactive True public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", $"2 Active True {NewProvider}"], revisions);
        var current = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o", "jsonpath={.status.currentRevision}");
        Assert.Equal($"provider-anynines-", current[..18]);
        Assert.Contains(current, await cluster.KubectlOk("get", "providerrevisions", "-o", "name"));
    }

    [ScenarioFact]
    public async Task Configuration_json_patch_moves_the_current_identifier()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneMidway);
        const string next = "public.ecr.aws/w5n9a2g2/klutch/dataservices:v1.3.0";
        await cluster.KubectlOk("patch", "configurations/w5n9a2g2-anynines-dataservices", "--type", "json", "-p",
            $"[{{\"op\":\"replace\",\"path\":\"/spec/package\",\"value\":\"{next}\"}}]");
        var wait = await cluster.Kubectl("wait", "--for=jsonpath={.status.currentIdentifier}=" + next,
            "configuration.pkg.crossplane.io/w5n9a2g2-anynines-dataservices", "--timeout=20s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
    }

    [FakeOnlyTheory("plays a Crossplane version and marks the package in the fake registry")]
    [InlineData("1.17.1", "MANIFEST_UNKNOWN", "True")]
    [InlineData("1.20.0", "MANIFEST_UNKNOWN", "True")]
    [InlineData("2.1.0", "UNAUTHORIZED", "True")]
    [InlineData("2.3.0", "MANIFEST_UNKNOWN", "False")] // from v2.2 on the package also says Healthy=False
    public async Task A_tag_that_cannot_be_fetched_makes_no_revision_and_the_package_says_why(string crossplane, string answer, string healthy)
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane, new TestApiServerOptions { CrossplaneVersion = crossplane });
        const string missing = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v9.9.9";
        if (answer == "UNAUTHORIZED") cluster.Fake.Images.MarkPackageUnauthorized(missing);
        else cluster.Fake.Images.MarkPackageMissing(missing);
        await cluster.KubectlOk("patch", "providers/provider-anynines", "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{missing}\"}}}}");

        var wait = await cluster.Kubectl("wait", "--for=condition=Installed=False", "provider.pkg.crossplane.io/provider-anynines", "--timeout=20s");
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines condition met\n", wait.Stdout);
        var provider = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Installed\")].reason}|{.status.conditions[?(@.type==\"Installed\")].message}|{.status.conditions[?(@.type==\"Healthy\")].status}|{.status.currentIdentifier}");
        Assert.Equal($"UnpackingPackage|cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v9.9.9: {answer}: "
            + (answer == "UNAUTHORIZED" ? "authentication required" : "Requested image not found")
            + $"|{healthy}|public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", provider);

        // No revision for the tag: the package manager needs its digest to name one.
        var revisions = await cluster.KubectlOk("get", "providerrevisions", "-l", "pkg.crossplane.io/package=provider-anynines", "-o", "jsonpath={.items[*].spec.image}");
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", revisions);
        var events = await cluster.KubectlOk("get", "events", "-n", "default", "--field-selector", "involvedObject.name=provider-anynines,type=Warning",
            "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
        Assert.StartsWith($"UnpackPackage: cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v9.9.9: {answer}", events);
    }

    [FakeOnlyFact("marks the package unpackable in the fake registry")]
    public async Task An_unpackable_package_fails_the_older_way_on_a_new_revision_while_the_provider_reports_the_old_one_healthy()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        const string broken = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v9.9.9";
        cluster.Fake.Images.MarkPackageUnpackable(broken);
        await cluster.KubectlOk("patch", "providers/provider-anynines", "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{broken}\"}}}}");

        var newRevision = TestNames.Revision("provider-anynines", broken);
        Assert.Equal(0, (await cluster.Kubectl("wait", "--for=create", "providerrevision/" + newRevision, "--timeout=20s")).ExitCode);
        var revision = await cluster.KubectlOk("get", "providerrevision", newRevision, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Healthy\")].status}|{.status.conditions[?(@.type==\"Healthy\")].reason}");
        Assert.Equal("False|UnpackPackage", revision);
        var provider = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Installed\")].status} {.status.conditions[?(@.type==\"Healthy\")].status} {.status.currentIdentifier}");
        Assert.Equal("True True public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", provider);
    }

    [ScenarioFact]
    public async Task Crossplane_2_revisions_print_revision_and_runtime_health_and_carry_no_healthy_condition()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneCrossplane2);
        var table = (await cluster.KubectlOk("get", "providerrevisions")).Split('\n');
        Assert.Matches(@"^NAME +HEALTHY +RUNTIME HEALTHY +REVISION +IMAGE +STATE +DEP-FOUND +DEP-INSTALLED +AGE$", table[0]);
        Assert.Contains(table, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^provider-anynines-\w{12} +True +True +1 +public\.ecr\.aws/w5n9a2g2/klutch/provider-anynines:v1\.3\.0 +Active "));
        var configurations = (await cluster.KubectlOk("get", "configurationrevisions")).Split('\n');
        Assert.Matches(@"^NAME +HEALTHY +REVISION +IMAGE", configurations[0]);
        var types = await cluster.KubectlOk("get", "providerrevisions", "-l", "pkg.crossplane.io/package=provider-anynines",
            "-o", "jsonpath={range .items[0].status.conditions[*]}{.type}={.status}@{.observedGeneration} {end}");
        Assert.Equal("RevisionHealthy=True@1 RuntimeHealthy=True@1 ", types);
        var providers = (await cluster.KubectlOk("get", "providers")).Split('\n');
        Assert.Matches(@"^NAME +INSTALLED +HEALTHY +PACKAGE +AGE$", providers[0]);
    }

    [ScenarioFact]
    public async Task Crossplane_1_20_revisions_print_one_healthy_column_and_providers_run_a_runtime_each()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneCrossplane120);
        var table = (await cluster.KubectlOk("get", "providerrevisions")).Split('\n');
        Assert.Matches(@"^NAME +HEALTHY +REVISION +IMAGE +STATE +DEP-FOUND +DEP-INSTALLED +AGE$", table[0]);
        Assert.Equal("Healthy=True ", await cluster.KubectlOk("get", "providerrevisions", "-l", "pkg.crossplane.io/package=provider-anynines",
            "-o", "jsonpath={range .items[0].status.conditions[*]}{.type}={.status} {end}"));
        var runtimes = await cluster.KubectlOk("get", "deployments", "-n", "crossplane-system", "-o",
            "jsonpath={range .items[*]}{.metadata.labels.pkg\\.crossplane\\.io/revision}{\"\\n\"}{end}");
        Assert.Equal(3, runtimes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // two providers and the function; not the configuration
    }

    [FakeOnlyTheory("marks the runtime image crashing")]
    [InlineData(Scenarios.ControlPlaneCrossplane120, "Healthy")]
    [InlineData(Scenarios.ControlPlaneCrossplane2, "RuntimeHealthy")]
    public async Task A_provider_runtime_runs_per_active_revision_and_a_crashing_one_makes_the_revision_unhealthy(string scenario, string condition)
    {
        await using var cluster = await TestCluster.StartAsync(scenario);
        var runtimes = await cluster.KubectlOk("get", "deployments", "-n", "crossplane-system", "-l", "pkg.crossplane.io/provider=provider-anynines",
            "-o", "jsonpath={.items[*].metadata.name}");
        var old = TestNames.Revision("provider-anynines", "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0");
        Assert.Equal(old, runtimes);

        cluster.Fake.Images.MarkCrashing(NewProvider);
        await cluster.KubectlOk("patch", "providers/provider-anynines", "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{NewProvider}\"}}}}");
        var revision = TestNames.Revision("provider-anynines", NewProvider);
        Assert.Equal(0, (await cluster.Kubectl("wait", "--for=create", "-n", "crossplane-system", "deployment/" + revision, "--timeout=20s")).ExitCode);
        var wait = await cluster.Kubectl("wait", $"--for=condition={condition}=False", "providerrevision/" + revision, "--timeout=20s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        var pods = await cluster.KubectlOk("get", "pods", "-n", "crossplane-system", "-l", "pkg.crossplane.io/revision=" + revision,
            "-o", "jsonpath={.items[*].status.containerStatuses[0].state.waiting.reason}");
        Assert.Contains("CrashLoopBackOff", pods);
        // The old revision is inactive and its runtime is gone.
        Assert.Equal(revision, await cluster.KubectlOk("get", "deployments", "-n", "crossplane-system", "-l", "pkg.crossplane.io/provider=provider-anynines",
            "-o", "jsonpath={.items[*].metadata.name}"));
    }

    [FakeOnlyFact("marks the mirrored package missing")]
    public async Task An_image_config_rewrites_where_the_package_is_pulled_from_and_the_package_says_so()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlaneImageConfig);
        var provider = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o",
            "jsonpath={.spec.package}|{.status.currentIdentifier}|{.status.resolvedPackage}|{.status.appliedImageConfigRefs[0].name}");
        Assert.Equal("public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0|public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0|"
            + Scenarios.SiteMirrorPrefix + "provider-anynines:v1.3.0|" + Scenarios.SiteMirrorImageConfig, provider);

        // The mirror lacks the tag, the original location has it: the package fails on the mirror's answer.
        cluster.Fake.Images.MarkPackageMissing(Scenarios.SiteMirrorPrefix + "provider-anynines:v1.3.1");
        await cluster.KubectlOk("patch", "providers/provider-anynines", "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{NewProvider}\"}}}}");
        var wait = await cluster.Kubectl("wait", "--for=condition=Installed=False", "provider.pkg.crossplane.io/provider-anynines", "--timeout=20s");
        Assert.True(wait.ExitCode == 0, wait.ToString());
        var message = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o", "jsonpath={.status.conditions[?(@.type==\"Installed\")].message}");
        Assert.Contains("GET https://registry.klutch.example/v2/w5n9a2g2/klutch/provider-anynines/manifests/v1.3.1: MANIFEST_UNKNOWN", message);
    }
}

internal static class TestNames
{
    /// <summary>Crossplane's revision name: package name plus the first 12 hex digits of a digest (here: of the reference).</summary>
    public static string Revision(string package, string reference) =>
        $"{package}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference)))[..12]}";
}
