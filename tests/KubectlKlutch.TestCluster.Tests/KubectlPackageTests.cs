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

    [FakeOnlyFact("marks the package as missing in the fake registry")]
    public async Task Missing_package_fails_to_unpack_while_the_provider_still_reports_the_old_revision_healthy()
    {
        await using var cluster = await TestCluster.StartAsync(Scenarios.ControlPlane);
        const string missing = "public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v9.9.9";
        cluster.Fake.Images.MarkPackageMissing(missing);
        await cluster.KubectlOk("patch", "providers/provider-anynines", "--type", "merge", "-p", $"{{\"spec\":{{\"package\":\"{missing}\"}}}}");

        var newRevision = TestNames.Revision("provider-anynines", missing);
        // The revision appears on the package manager's next step; kubectl wait fails at once on a missing object.
        Assert.Equal(0, (await cluster.Kubectl("wait", "--for=create", "providerrevision/" + newRevision, "--timeout=10s")).ExitCode);
        var wait = await cluster.Kubectl("wait", "--for=condition=Healthy=False", "providerrevision/" + newRevision, "--timeout=10s");
        Assert.Equal($"providerrevision.pkg.crossplane.io/{newRevision} condition met\n", wait.Stdout);

        var revision = await cluster.KubectlOk("get", "providerrevision", TestNames.Revision("provider-anynines", missing), "-o",
            "jsonpath={.status.conditions[?(@.type==\"Healthy\")].status}|{.status.conditions[?(@.type==\"Healthy\")].message}");
        Assert.StartsWith("False|cannot unpack package: failed to fetch package digest from remote: GET https://public.ecr.aws/v2/w5n9a2g2/klutch/provider-anynines/manifests/v9.9.9: MANIFEST_UNKNOWN", revision);

        // The trap: the Provider still looks fine and still names the old package.
        var provider = await cluster.KubectlOk("get", "provider.pkg.crossplane.io", "provider-anynines", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Installed\")].status} {.status.conditions[?(@.type==\"Healthy\")].status} {.status.currentIdentifier}");
        Assert.Equal("True True public.ecr.aws/w5n9a2g2/klutch/provider-anynines:v1.3.0", provider);
        Assert.Equal("provider.pkg.crossplane.io/provider-anynines condition met\n",
            (await cluster.Kubectl("wait", "--for=condition=Healthy", "provider.pkg.crossplane.io/provider-anynines", "--timeout=5s")).Stdout);

        var events = await cluster.KubectlOk("get", "events", "-n", "default", "--field-selector", "involvedObject.name=provider-anynines", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("MANIFEST_UNKNOWN", events);
    }
}

internal static class TestNames
{
    /// <summary>Crossplane's revision name: package name plus the first 12 hex digits of a digest (here: of the reference).</summary>
    public static string Revision(string package, string reference) =>
        $"{package}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference)))[..12]}";
}
