using KubectlKlutch.Fleet;

namespace KubectlKlutch.Tests.Fleet;

public class FleetSelectionTests
{
    private static readonly KnownContext[] Known =
    [
        new("prod-eu-2", "https://eu2.example:6443"),
        new("prod-eu-1", "https://eu1.example:6443"),
        new("prod-eu-10", "https://eu10.example:6443"),
        new("cp-prod", "https://cp.example:6443"),
        new("cp-prod-admin", "https://CP.example:6443/"),
        new("dev", null),
    ];

    private static string[] Names(FleetSelection s) => [.. s.Members.Select(m => m.Name)];

    [Fact]
    public void Names_keep_the_order_given_and_globs_come_in_name_order()
    {
        var chosen = FleetSelection.Choose(Known, ["cp-prod", "prod-eu-*"], "--contexts");
        Assert.Equal(["cp-prod", "prod-eu-1", "prod-eu-10", "prod-eu-2"], Names(chosen));
    }

    [Fact]
    public void A_question_mark_is_one_character()
    {
        Assert.Equal(["prod-eu-1", "prod-eu-2"], Names(FleetSelection.Choose(Known, ["prod-eu-?"], "--contexts")));
    }

    [Fact]
    public void A_context_chosen_twice_is_acted_on_once()
    {
        Assert.Equal(["prod-eu-1", "prod-eu-10", "prod-eu-2"], Names(FleetSelection.Choose(Known, ["prod-eu-1", "prod-*"], "--contexts")));
    }

    [Fact]
    public void Two_names_for_one_server_are_one_member_and_the_other_is_reported()
    {
        var chosen = FleetSelection.Choose(Known, ["cp-*"], "--contexts");
        Assert.Equal(["cp-prod"], Names(chosen));
        Assert.Equal([new DuplicateContext("cp-prod-admin", "cp-prod", "https://CP.example:6443/")], chosen.Duplicates);
    }

    [Fact]
    public void All_contexts_keeps_contexts_without_a_server_to_report_them()
    {
        Assert.Equal(6 - 1, FleetSelection.Choose(Known, null, "--all-contexts").Members.Count);
    }

    [Theory]
    [InlineData("staging-*", "the pattern \"staging-*\" of --contexts matches no context")]
    [InlineData("Dev", "context \"Dev\" of --contexts is not in the kubeconfig")]
    [InlineData(" ", "--contexts has an empty entry")]
    public void What_matches_nothing_is_refused(string pattern, string message)
    {
        var e = Assert.Throws<UsageException>(() => FleetSelection.Choose(Known, [pattern], "--contexts"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Regex_characters_in_a_name_are_literal()
    {
        KnownContext[] known = [new("a.b", "https://1"), new("axb", "https://2")];
        Assert.Equal(["a.b"], Names(FleetSelection.Choose(known, ["a.*"], "--contexts")));
    }
}
