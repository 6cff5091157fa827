namespace KubectlKlutch.Output;

/// <summary>
/// Columns as kubectl prints them: upper-case headers, left-aligned, three spaces apart.
/// Colour wraps a cell after padding, so escape codes never shift the columns.
/// </summary>
public sealed class TableWriter(params string[] headers)
{
    private readonly List<(string Text, string? Color)[]> rows = [];

    public void Add(params string[] cells) => rows.Add([.. cells.Select(c => (c, (string?)null))]);

    public void Add(params (string Text, string? Color)[] cells) => rows.Add(cells);

    /// <summary>When set, the last column (free text) is cut with … so that no line is wider.</summary>
    public int? MaxWidth { get; init; }

    /// <summary>The rows (in the order added) whose last cell <see cref="Write"/> cut.</summary>
    public IReadOnlyList<int> Cut => cut;

    private readonly List<int> cut = [];

    public void Write(TextWriter output, bool color)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => i < r.Length ? r[i].Text.Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        if (MaxWidth is { } max)
        {
            var room = Math.Max(max - widths[..^1].Sum() - 3 * (widths.Length - 1), headers[^1].Length + 1);
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Length != widths.Length || rows[i][^1].Text.Length <= room) continue;
                rows[i][^1] = (rows[i][^1].Text[..(room - 1)] + "…", rows[i][^1].Color);
                cut.Add(i);
            }
        }
        WriteLine(output, [.. headers.Select(h => (h, (string?)null))], widths, color);
        foreach (var row in rows) WriteLine(output, row, widths, color);
    }

    private static void WriteLine(TextWriter output, (string Text, string? Color)[] cells, int[] widths, bool color)
    {
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            var text = last ? cells[i].Text : cells[i].Text.PadRight(widths[i]);
            line.Append(color && cells[i].Color is { } c ? $"\u001b[{c}m{text}\u001b[0m" : text);
            if (!last) line.Append("   ");
        }
        output.WriteLine(line.ToString().TrimEnd());
    }
}

public static class Colors
{
    public const string Green = "32";
    public const string Yellow = "33";
    public const string Red = "31";
}
