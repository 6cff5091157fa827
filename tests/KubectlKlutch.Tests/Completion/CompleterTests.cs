using KubectlKlutch.Catalog;
using KubectlKlutch.Cli.Commands;
using KubectlKlutch.Completion;

namespace KubectlKlutch.Tests.Completion;

/// <summary>The `__complete` answers, over the verbs the real parser knows.</summary>
public class CompleterTests
{
    private static readonly string[] Contexts = ["prod-eu", "prod-us", "staging"];

    private static CompletionResult Complete(params string[] words) =>
        Completer.Complete(CompletionCommand.Model, words, kubeconfig => kubeconfig == "/other" ? ["other-ctx"] : Contexts, () => ["apps", "edge"]);

    [Fact]
    public void An_empty_word_offers_every_verb_and_no_files()
    {
        var result = Complete("");
        Assert.Equal(["status", "upgrade", "rollback", "version", "completion"], result.Candidates.Where(c => c != "versions"));
        Assert.Equal(CompletionDirective.NoFileComp, result.Directive);
        Assert.DoesNotContain(CompletionCommand.Protocol, result.Candidates);
    }

    [Fact]
    public void A_prefix_narrows_the_verbs() => Assert.Equal(["upgrade"], Complete("up").Candidates);

    [Fact]
    public void After_upgrade_every_component_upgrade_takes_and_the_control_plane()
    {
        var result = Complete("upgrade", "");
        Assert.Equal([.. ComponentCatalog.All.Where(c => c.Upgrade != UpgradeMethod.ReportOnly).Select(c => c.Name), "control-plane"], result.Candidates);
        Assert.Equal(CompletionDirective.NoFileComp, result.Directive);
    }

    [Fact]
    public void Rollback_offers_only_the_components_rollback_accepts()
    {
        var result = Complete("rollback", "");
        Assert.Equal(["konnector", "provider-anynines", "dataservices", "backend", "provider-kubernetes"], result.Candidates);
    }

    [Fact]
    public void A_component_not_versioned_with_klutch_offers_its_own_releases()
    {
        Assert.Equal(["latest", "v0.16.0", "v0.15.0", "v0.14.1"], Complete("upgrade", "provider-kubernetes", "").Candidates);
        Assert.Equal(["latest", .. KnownReleases.All], Complete("upgrade", "konnector", "").Candidates);
    }

    [Fact]
    public void Fleets_and_namespaces_complete()
    {
        Assert.Equal(["apps", "edge"], Complete("status", "--fleet", "").Candidates);
        Assert.Equal(["edge"], Complete("upgrade", "konnector", "v1.3.1", "--fleet=e").Candidates);
        Assert.Contains("kube-bind", Complete("status", "-n", "").Candidates);
        Assert.Equal(["bind"], Complete("status", "--namespace", "bin").Candidates);
    }

    [Fact]
    public void A_flag_split_at_its_equals_sign_by_bash_still_completes_its_value() =>
        Assert.Equal(["staging"], Complete("status", "--context", "=", "st").Candidates);

    [Fact]
    public void Component_prefix_and_flags_before_it_are_understood()
    {
        Assert.Equal(["provider-anynines", "provider-kubernetes"], Complete("upgrade", "--context", "staging", "-y", "prov").Candidates);
        Assert.Equal(["konnector"], Complete("upgrade", "-n", "kube-bind", "ko").Candidates);
    }

    [Fact]
    public void After_a_component_the_known_releases_newest_first()
    {
        var result = Complete("upgrade", "konnector", "");
        Assert.Equal(["latest", .. KnownReleases.All], result.Candidates);
        Assert.Equal("v1.5.0", result.Candidates[1]);
        Assert.Equal(CompletionDirective.NoFileComp | CompletionDirective.KeepOrder, result.Directive);
        Assert.Equal(["v1.3.2", "v1.3.1", "v1.3.0"], Complete("upgrade", "konnector", "v1.3").Candidates);
    }

    [Fact]
    public void After_every_argument_nothing_more()
    {
        var result = Complete("upgrade", "konnector", "v1.3.1", "");
        Assert.Empty(result.Candidates);
        Assert.Equal(CompletionDirective.NoFileComp, result.Directive);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("upgrade")]
    [InlineData("version")]
    public void Context_flag_offers_the_kubeconfig_contexts(string verb)
    {
        Assert.Equal(Contexts, Complete(verb, "--context", "").Candidates);
        Assert.Equal(["prod-eu", "prod-us"], Complete(verb, "--context", "pro").Candidates);
        // cobra's scripts complete the part after the `=` and keep the flag themselves.
        Assert.Equal(["staging"], Complete(verb, "--context=st").Candidates);
        Assert.Equal(Contexts, Complete(verb, "--context=").Candidates);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("upgrade")]
    [InlineData("rollback")]
    public void The_contexts_flag_completes_the_name_after_the_last_comma(string verb)
    {
        Assert.Equal(["prod-eu", "prod-us"], Complete(verb, "--contexts", "pro").Candidates);
        Assert.Equal(["staging,prod-eu", "staging,prod-us"], Complete(verb, "--contexts", "staging,pro").Candidates);
        Assert.Equal(["staging,prod-eu", "staging,prod-us"], Complete(verb, "--contexts=staging,pro").Candidates);
        Assert.Contains("--all-contexts", Complete(verb, "--all").Candidates);
    }

    [Fact]
    public void Contexts_come_from_the_kubeconfig_given_on_the_line()
    {
        Assert.Equal(["other-ctx"], Complete("status", "--kubeconfig", "/other", "--context", "").Candidates);
        Assert.Equal(["other-ctx"], Complete("status", "--kubeconfig=/other", "--context", "").Candidates);
    }

    [Fact]
    public void A_broken_kubeconfig_offers_no_contexts_and_no_error()
    {
        var result = Completer.Complete(CompletionCommand.Model, ["status", "--context", ""], _ => throw new InvalidOperationException("no kubeconfig"));
        Assert.Empty(result.Candidates);
        Assert.Equal(CompletionDirective.NoFileComp, result.Directive);
    }

    [Fact]
    public void Kubeconfig_flag_leaves_the_value_to_file_completion() =>
        Assert.Equal(new CompletionResult([], CompletionDirective.Default), Complete("status", "--kubeconfig", ""));

    [Fact]
    public void Flags_of_the_verb_after_a_dash()
    {
        var flags = Complete("upgrade", "--").Candidates;
        Assert.Contains("--context", flags);
        Assert.Contains("--rollback-on-failure", flags);
        Assert.Contains("--help", flags);
        Assert.DoesNotContain("--rollback-on-failure", Complete("status", "--").Candidates);
        Assert.Equal(["--dry-run"], Complete("upgrade", "--dr").Candidates);
    }

    [Fact]
    public void Switches_take_no_value_so_the_next_word_is_positional() =>
        Assert.Contains("konnector", Complete("upgrade", "--yes", "").Candidates);

    [Theory]
    [InlineData(new[] { "status", "-o", "" }, new[] { "table", "wide", "json", "yaml" })]
    [InlineData(new[] { "status", "--output", "j" }, new[] { "json" })]
    [InlineData(new[] { "status", "-o=y" }, new[] { "yaml" })]
    [InlineData(new[] { "upgrade", "--dry-run=" }, new[] { "client", "server" })]
    [InlineData(new[] { "completion", "" }, new[] { "bash", "zsh", "fish", "powershell" })]
    public void Fixed_choices(string[] words, string[] expected) => Assert.Equal(expected, Complete(words).Candidates);

    [Fact]
    public void An_unknown_verb_offers_nothing() => Assert.Empty(Complete("frobnicate", "").Candidates);

    [Fact]
    public void Rendered_as_cobra_prints_it() =>
        Assert.Equal("v1.3.2\nv1.3.1\nv1.3.0\n:36\n", Complete("upgrade", "konnector", "v1.3").Render());
}
