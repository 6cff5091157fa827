namespace KubectlKlutch.Output;

public enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,
    /// <summary>`-o name`: kind.group/name of each object, as kubectl prints it.</summary>
    Name,
    /// <summary>`-o jsonpath=TEMPLATE` over the JSON document.</summary>
    JsonPath,
}

public static class OutputFormats
{
    public const string JsonPathPrefix = "jsonpath=";

    /// <summary>Every format, `jsonpath=TEMPLATE` with its template (checked by the caller).</summary>
    public static bool TryParse(string? text, out OutputFormat format, out string? template)
    {
        template = null;
        if (text is not null && text.StartsWith(JsonPathPrefix, StringComparison.Ordinal))
        {
            format = OutputFormat.JsonPath;
            template = text[JsonPathPrefix.Length..];
            return true;
        }
        if (text == "name")
        {
            format = OutputFormat.Name;
            return true;
        }
        return TryParse(text, out format);
    }

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

/// <summary>
/// What the terminal can do. <paramref name="IsInteractive"/>: stderr is a terminal, so progress
/// is redrawn in place there. <paramref name="Color"/>: stdout is a terminal and colour is wanted.
/// </summary>
public sealed record Terminal(bool IsInteractive, bool Color)
{
    public static readonly Terminal Plain = new(false, false);

    /// <summary>Columns, so that lines redrawn in place never wrap (a wrapped line breaks the redraw).</summary>
    public int Width { get; init; } = 80;

    /// <summary>A question can be asked: stdin and stderr are a terminal, whatever stdout is (`upgrade ... | tee log`).</summary>
    public bool CanAsk { get; init; } = IsInteractive;

    /// <summary>A line cut to the width, so that a redraw with `\r` never leaves a wrapped line behind.</summary>
    public string Fit(string line) => line.Length < Width ? line : line[..Math.Max(Width - 2, 1)] + "…";
}
