namespace KubectlKlutch.Tests.Golden;

/// <summary>An output format: the flags that choose it and the suffix of its golden file.</summary>
public sealed record GoldenFormat(string Suffix, params string[] Flags)
{
    public static readonly GoldenFormat Table = new(".table");
    public static readonly GoldenFormat Wide = new(".wide", "-o", "wide");
    public static readonly GoldenFormat Json = new(".json", "-o", "json");
    public static readonly GoldenFormat Yaml = new(".yaml", "-o", "yaml");
    public static readonly GoldenFormat Name = new(".name", "-o", "name");
    public static readonly GoldenFormat JsonPath = new(".jsonpath", "-o", "jsonpath={range .components[*]}{.name}{\"\\t\"}{.version}{\"\\t\"}{.health}{\"\\n\"}{end}");
}
