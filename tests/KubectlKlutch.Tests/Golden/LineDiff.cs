using System.Text;

namespace KubectlKlutch.Tests.Golden;

/// <summary>
/// A line diff for people: the changed lines with two lines of context around them, and the
/// line of the output where each stretch starts. Trailing spaces are shown as dots, since a
/// table's padding is part of what a golden file pins.
/// </summary>
public static class LineDiff
{
    private const int Context = 2;

    public static string Format(string expected, string actual)
    {
        var edits = Edits(expected.Split('\n'), actual.Split('\n'));
        // Stretches of changes with their context, merged where they touch.
        var hunks = new List<(int From, int To)>();
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind == ' ') continue;
            var (from, to) = (Math.Max(0, i - Context), Math.Min(edits.Count - 1, i + Context));
            if (hunks.Count > 0 && hunks[^1].To >= from - 1) hunks[^1] = (hunks[^1].From, to);
            else hunks.Add((from, to));
        }
        var output = new StringBuilder();
        foreach (var (from, to) in hunks)
        {
            output.Append("@@ output line ").Append(edits[from].Line + 1).Append(" @@\n");
            for (var k = from; k <= to; k++) output.Append(edits[k].Kind).Append(' ').Append(Visible(edits[k].Text)).Append('\n');
        }
        return output.ToString().TrimEnd('\n');
    }

    private static string Visible(string line) =>
        line.Length > 0 && line[^1] == ' ' ? line.TrimEnd(' ') + new string('·', line.Length - line.TrimEnd(' ').Length) : line;

    private readonly record struct Edit(char Kind, string Text, int Line);

    /// <summary>The longest common subsequence of lines, walked into keep / remove / add.</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) edits.Add(new(' ', a[x++], y++));
            // Removals before additions, as diff prints them.
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1])) edits.Add(new('-', a[x++], y));
            else edits.Add(new('+', b[y], y++));
        }
        return edits;
    }
}
