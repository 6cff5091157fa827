using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli;

/// <summary>A flag as the options attributes declare it.</summary>
/// <param name="ValueType">As kubectl's help names it: "" for a switch, string, strings (repeatable), int.</param>
public sealed record FlagSpec(string LongName, string? ShortName, string ValueType, string? HelpText)
{
    public bool IsBool => ValueType.Length == 0;

    public string Display => (ShortName is null ? $"    --{LongName}" : $"-{ShortName}, --{LongName}") + (IsBool ? "" : " " + ValueType);

    public static string TypeName(Type property) =>
        property == typeof(bool) ? ""
        : property == typeof(int) || property == typeof(int?) ? "int"
        : property != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property) ? "strings"
        : "string";
}

/// <summary>A positional argument: its name in the usage line, whether it must be given.</summary>
public sealed record ArgumentSpec(string MetaName, bool Required, string? HelpText);

/// <summary>
/// One verb, read from the attributes CommandLineParser reads, so that the normalisation layer,
/// the help and the completion never disagree with the parser about which flags exist.
/// </summary>
public sealed record VerbSpec(string Name, string? HelpText, Type Options, IReadOnlyList<ArgumentSpec> Arguments, IReadOnlyList<FlagSpec> Flags)
{
    public string Usage => string.Join(' ', new[] { "kubectl klutch", Name }
        .Concat(Arguments.Select(a => a.Required ? a.MetaName : $"[{a.MetaName}]")).Append("[flags]"));

    public FlagSpec? Long(string name) => Flags.FirstOrDefault(f => f.LongName == name);

    public FlagSpec? Short(string name) => Flags.FirstOrDefault(f => f.ShortName == name);
}

public static class VerbSpecs
{
    public static IReadOnlyList<VerbSpec> All { get; } = [.. Cli.Verbs.Select(Describe).OfType<VerbSpec>()];

    public static VerbSpec? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Program keeps every member of every options type with [DynamicDependency]; the published-binary tests run every verb.")]
    private static VerbSpec? Describe(Type options)
    {
        var verb = options.GetCustomAttribute<VerbAttribute>();
        if (verb is null || verb.Hidden) return null;
        var properties = options.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var arguments = properties
            .Select(p => p.GetCustomAttribute<ValueAttribute>())
            .OfType<ValueAttribute>()
            .OrderBy(v => v.Index)
            .Select(v => new ArgumentSpec(v.MetaName, v.Required, v.HelpText))
            .ToList();
        var flags = properties
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(x => x.Option is { Hidden: false })
            .Select(x => new FlagSpec(x.Option!.LongName, x.Option.ShortName is { Length: > 0 } s ? s : null, FlagSpec.TypeName(x.Property.PropertyType), x.Option.HelpText))
            .ToList();
        return new VerbSpec(verb.Name, verb.HelpText, options, arguments, flags);
    }
}
