using KubectlKlutch.Upgrade;

namespace KubectlKlutch.Output;

/// <summary>
/// Live progress of a fleet change on stderr. On a terminal, one line per cluster (waiting,
/// the rollout's state, done, failed, skipped) redrawn in place; otherwise a line per change,
/// each naming its cluster, so that logs stay readable when clusters run side by side.
/// </summary>
public sealed class FleetProgress
{
    private readonly TextWriter progress;
    private readonly bool board;
    private readonly Terminal terminal;
    private readonly List<string> contexts;
    private readonly Dictionary<string, string> lines = [];
    private readonly Dictionary<string, string> lastText = [];
    private int drawn;

    /// <param name="start">Each cluster in order, with its first line ("waiting", "skipped: ...").</param>
    public FleetProgress(TextWriter progress, Terminal terminal, IReadOnlyList<(string Context, string Line)> start)
    {
        this.progress = progress;
        board = terminal.IsInteractive;
        this.terminal = terminal;
        contexts = [.. start.Select(s => s.Context)];
        foreach (var (context, line) in start) lines[context] = line;
        if (board) Redraw();
    }

    /// <summary>The runner's events for one cluster.</summary>
    public IUpgradeObserver For(string context) => new StepProgress((text, elapsed, final) => Update(context, text, elapsed, final));

    public void Update(string context, string text, TimeSpan? elapsed = null, bool final = true)
    {
        lock (lines)
        {
            lines[context] = elapsed is { } e ? $"{text} ({Durations.Format(e)})" : text;
            if (board) Redraw();
            else if (final || lastText.GetValueOrDefault(context) != text) progress.WriteLine($"{context}: {lines[context]}");
            lastText[context] = text;
        }
    }

    private void Redraw()
    {
        var names = contexts.Max(c => c.Length);
        if (drawn > 0) progress.Write($"\u001b[{drawn}A");
        foreach (var context in contexts)
        {
            var line = $"{context.PadRight(names)}  {lines[context]}";
            progress.Write($"\r\u001b[K{terminal.Fit(line)}\n");
        }
        drawn = contexts.Count;
        progress.Flush();
    }
}
