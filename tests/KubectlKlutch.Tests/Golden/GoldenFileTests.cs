namespace KubectlKlutch.Tests.Golden;

/// <summary>The harness itself: a golden file that differs says where and how, and how to refresh it.</summary>
public class GoldenFileTests
{
    [Fact]
    public void The_same_output_passes()
    {
        Assert.Null(GoldenFile.Compare("status/x.table", "a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void A_changed_line_is_shown_with_its_context_and_where_it_is()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var actual = expected.Replace("line 7", "line seven");
        Assert.Equal("""
            Output differs from golden file status/x.table (- golden, + actual):
            @@ output line 5 @@
              line 5
              line 6
            - line 7
            + line seven
              line 8
              line 9
            """.ReplaceLineEndings("\n"), GoldenFile.Compare("status/x.table", expected, actual));
    }

    [Fact]
    public void Changes_far_apart_are_shown_apart_and_near_ones_together()
    {
        var expected = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"{i}"));
        var actual = expected.Replace("\n2\n", "\ntwo\n").Replace("\n4\n", "\n").Replace("\n18\n", "\n18\neighteen and a half\n");
        Assert.Equal("""
            @@ output line 1 @@
              1
            - 2
            + two
              3
            - 4
              5
              6
            @@ output line 16 @@
              17
              18
            + eighteen and a half
              19
              20
            """.ReplaceLineEndings("\n"), LineDiff.Format(expected, actual));
    }

    [Fact]
    public void Trailing_spaces_are_made_visible()
    {
        Assert.Equal("- a\n+ a··", LineDiff.Format("a", "a  ").Split('\n', 2)[1]);
    }

    [Fact]
    public void A_missing_golden_file_or_missing_output_is_named()
    {
        Assert.Equal("Golden file versions/y.json does not exist; the output was:\n{}\n", GoldenFile.Compare("versions/y.json", null, "{}\n"));
        Assert.Equal("Golden file status/x.table.stderr expects output, and there was none.", GoldenFile.Compare("status/x.table.stderr", "Warning: x\n", null));
    }

    [Fact]
    public void The_refresh_command_rewrites_the_golden_files()
    {
        Assert.Equal("UPDATE_GOLDEN=1 dotnet test tests/KubectlKlutch.Tests --filter \"FullyQualifiedName~Golden\"", GoldenFile.Refresh);
    }
}
