namespace KubectlKlutch.Output;

public enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,
}

public static class OutputFormats
{
    public static bool TryParse(string? text, out OutputFormat format)
    {
        format = OutputFormat.Table;
        return text switch
        {
            null or "" or "table" => true,
            "wide" => Set(OutputFormat.Wide, out format),
            "json" => Set(OutputFormat.Json, out format),
            "yaml" => Set(OutputFormat.Yaml, out format),
            _ => false,
        };

        static bool Set(OutputFormat value, out OutputFormat format)
        {
            format = value;
            return true;
        }
    }
}

/// <summary>What the terminal can do: colour only on a terminal and without NO_COLOR.</summary>
public sealed record Terminal(bool IsInteractive, bool Color)
{
    public static readonly Terminal Plain = new(false, false);

    /// <summary>Columns, so that lines redrawn in place never wrap (a wrapped line breaks the redraw).</summary>
    public int Width { get; init; } = 80;

    public static Terminal Detect() =>
        new(!Console.IsOutputRedirected && !Console.IsInputRedirected,
            !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
                && Environment.GetEnvironmentVariable("TERM") != "dumb")
        {
            Width = ConsoleWidth(),
        };

    private static int ConsoleWidth()
    {
        try
        {
            return Console.IsErrorRedirected || Console.WindowWidth <= 0 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
