using System.Text.Json.Nodes;
using KubectlKlutch.TestCluster;

namespace KubectlKlutch.Tests.Integration;

/// <summary>Issue 18: a field another tool owns is refused, taken over on purpose, or noted; a revert is named.</summary>
public class OwnershipTests
{
    private const string Konnector = "public.ecr.aws/w5n9a2g2/klutch/konnector";
    private const string Field = "spec.template.spec.containers[name=konnector].image";

    private static JsonObject Deployment(TestApiServer server) => server.State.Get("apps/v1", "Deployment", "klutch-bind", "konnector")!;

    private static string Image(TestApiServer server) => (string)Deployment(server)["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;

    private static string? ImageManager(TestApiServer server) =>
        ManagedFields.OwnerOf(Deployment(server), "f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"konnector\"}", "f:image")?["manager"]?.ToString();

    /// <summary>A rollout far slower (in controller steps) than the reverter, so the revert always comes first.</summary>
    private static Task<TestApiServer> Reverting(string scenario) =>
        TestApiServer.StartAsync(scenario, new TestApiServerOptions { StepInterval = TimeSpan.FromMilliseconds(50), RolloutSteps = 200, RevertDelay = TimeSpan.Zero });

    public static TheoryData<string, string> Refused => new()
    {
        { OwnerScenarios.ArgoCdAutomated, $"error: konnector in klutch-bind/konnector: {Field} is owned by Argo CD application klutch-konnector (field manager argocd-controller), and it syncs automatically with selfHeal and puts it back within seconds: change the image tag in the source application klutch-konnector syncs from instead, or pass --take-over to patch it anyway and have it put back\n" },
        { OwnerScenarios.ArgoCdManual, $"error: konnector in klutch-bind/konnector: {Field} is owned by Argo CD application klutch-konnector (field manager argocd-controller), and it syncs manually and puts it back at the next sync: change the image tag in the source application klutch-konnector syncs from instead, or pass --take-over to patch it anyway and have it put back\n" },
        { OwnerScenarios.Flux, $"error: konnector in klutch-bind/konnector: {Field} is owned by Flux Kustomization flux-system/klutch (field manager kustomize-controller), and it reconciles on its interval and puts it back: change the image tag in the source Kustomization flux-system/klutch applies instead, or pass --take-over to patch it anyway and have it put back\n" },
        { OwnerScenarios.HelmControllerDrift, $"error: konnector in klutch-bind/konnector: {Field} is owned by Flux HelmRelease flux-system/klutch-konnector (field manager helm-controller), and its drift detection is enabled and puts it back at the next reconcile: change the image value of HelmRelease flux-system/klutch-konnector instead, or pass --take-over to patch it anyway and have it put back\n" },
        { OwnerScenarios.HelmController, $"error: konnector in klutch-bind/konnector: {Field} is owned by Flux HelmRelease flux-system/klutch-konnector (field manager helm-controller), and its drift detection is off; the next upgrade of the release puts it back: change the image value of HelmRelease flux-system/klutch-konnector instead, or pass --take-over to patch it anyway and have it put back\n" },
        { OwnerScenarios.Helm, $"error: konnector in klutch-bind/konnector: {Field} is owned by Helm release konnector in klutch-bind (field manager helm), and the next helm upgrade of the release puts it back: run 'helm upgrade konnector -n klutch-bind' with the chart's image value set instead, or pass --take-over to patch it anyway and have it put back\n" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_owner_that_puts_it_back_is_refused_with_exit_2_and_no_write(string scenario, string sentence)
    {
        await using var server = await Klutch.StartAsync(scenario);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(sentence, run.Stderr);
        Assert.Equal(0, server.Writes);

        // The dry runs decide the same.
        var dry = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--dry-run=client");
        Assert.Equal(2, dry.ExitCode);
        Assert.Equal(sentence, dry.Stderr);
        Assert.Equal(0, server.Writes);
    }

    [Theory]
    [InlineData(OwnerScenarios.ArgoCdManual, "Argo CD", "Argo CD application klutch-konnector", "argocd-controller", "next-sync")]
    [InlineData(OwnerScenarios.Helm, "Helm", "Helm release konnector in klutch-bind", "helm", "next-sync")]
    [InlineData(OwnerScenarios.HelmController, "Flux helm-controller", "Flux HelmRelease flux-system/klutch-konnector", "helm-controller", "next-sync")]
    [InlineData(OwnerScenarios.FluxSuspended, "Flux kustomize-controller", "Flux Kustomization flux-system/klutch", "kustomize-controller", "never")]
    [InlineData(OwnerScenarios.ArgoCdSkipReconcile, "Argo CD", "Argo CD application klutch-konnector", "argocd-controller", "never")]
    [InlineData(OwnerScenarios.KubectlApply, "kubectl apply", "kubectl apply (last-applied configuration)", "kubectl-client-side-apply", "next-sync")]
    public async Task The_plan_json_names_the_owner(string scenario, string tool, string unit, string manager, string reverts)
    {
        await using var server = await Klutch.StartAsync(scenario);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--dry-run=client", "--take-over", "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var owner = JsonNode.Parse(run.Stdout)!["plan"]!["steps"]![0]!["owner"]!;
        Assert.Equal(tool, (string)owner["tool"]!);
        Assert.Equal(unit, (string)owner["unit"]!);
        Assert.Equal(manager, (string)owner["manager"]!);
        Assert.Equal(reverts, (string)owner["reverts"]!);
        Assert.Equal(0, server.Writes);
    }

    [Theory]
    [InlineData(OwnerScenarios.ArgoCdSkipReconcile, "owned by Argo CD application klutch-konnector, which is told not to touch it (the Application has argocd.argoproj.io/skip-reconcile: \"true\")")]
    [InlineData(OwnerScenarios.FluxSuspended, "owned by Flux Kustomization flux-system/klutch, which is told not to touch it (the Kustomization is suspended)")]
    [InlineData(OwnerScenarios.FluxReconcileDisabled, "owned by Flux Kustomization flux-system/klutch, which is told not to touch it (the object has kustomize.toolkit.fluxcd.io/reconcile: disabled)")]
    [InlineData(OwnerScenarios.FluxSsaIgnore, "owned by Flux Kustomization flux-system/klutch, which is told not to touch it (the object has kustomize.toolkit.fluxcd.io/ssa: Ignore)")]
    [InlineData(OwnerScenarios.KubectlApply, "applied with kubectl apply: the next 'kubectl apply' of the bundle sets the old value back")]
    public async Task An_owner_told_not_to_touch_it_or_kubectl_apply_proceeds_with_a_note(string scenario, string note)
    {
        await using var server = await Klutch.StartAsync(scenario);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(note, run.Stdout);
        Assert.Equal($"{Konnector}:v1.3.1", Image(server));
        // The plugin's own field manager, not kubectl's, now holds the image.
        Assert.Equal("klutch-plugin", ImageManager(server));
    }

    [Theory]
    [InlineData(OwnerScenarios.ArgoCdManual, "Argo CD application klutch-konnector will put it back at the next sync/upgrade unless its source changes")]
    [InlineData(OwnerScenarios.Helm, "Helm release konnector in klutch-bind will put it back at the next sync/upgrade unless its source changes")]
    public async Task Take_over_proceeds_and_says_it_will_be_put_back(string scenario, string words)
    {
        await using var server = await Klutch.StartAsync(scenario);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", "--take-over");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"konnector now runs {Konnector}:v1.3.1: ", run.Stdout);
        Assert.Contains(words, run.Stdout);
        Assert.Equal($"{Konnector}:v1.3.1", Image(server));
    }

    [Theory]
    [InlineData(OwnerScenarios.ArgoCdAutomated, "argocd-controller", "--take-over")]
    [InlineData(OwnerScenarios.Reverting, OwnerScenarios.KeeperManager, "--yes")]
    public async Task A_revert_while_following_names_the_manager_exits_1_and_offers_no_rollback(string scenario, string manager, string flag)
    {
        await using var server = await Reverting(scenario);
        var run = await Klutch.RunAsync(server, "upgrade", "konnector", "v1.3.1", "--yes", flag);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"konnector did not stay at {Konnector}:v1\.3\.1: {Regex(Field)} was reverted by {manager} at \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(now {Regex(Konnector)}:v1\.3\.0\)\n", run.Stdout);
        Assert.DoesNotContain("to go back", run.Stdout);
        Assert.Equal(manager, ImageManager(server));
    }

    [Fact]
    public async Task A_revert_in_a_fleet_stops_the_roll()
    {
        await using var first = await Reverting(OwnerScenarios.Reverting);
        await using var second = await Klutch.StartAsync(Scenarios.AppCluster);
        using var kubeconfig = FleetKubeconfig.Write(first.As("app-1"), second.As("app-2"));
        var run = await Klutch.RunAsync(["upgrade", "konnector", "v1.3.1", "--kubeconfig", kubeconfig.Path, "--contexts", "app-*", "--yes"]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"was reverted by {OwnerScenarios.KeeperManager} at ", run.Stdout);
        Assert.Contains("app-2: not started: an earlier cluster did not finish\n", run.Stdout);
        Assert.Equal(0, second.Writes);
    }

    private static string Regex(string s) => System.Text.RegularExpressions.Regex.Escape(s);
}
