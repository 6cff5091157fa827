using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli;

/// <summary>
/// Help as kubectl prints it, on stdout: the plugin's commands, or one verb's description,
/// examples, arguments, flags and usage line. Parse errors the normalisation layer does not
/// catch become one sentence.
/// </summary>
public static class Help
{
    private const int Width = 100;

    public static int Print(VerbSpec? verb, CliIo io)
    {
        io.Out.Write(verb is null ? Plugin() : Of(verb));
        return ExitCodes.Success;
    }

    public static string Plugin()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"kubectl klutch {PluginVersion.Current}: see and update the Klutch components of a cluster");
        text.AppendLine();
        text.AppendLine("Commands:");
        var width = VerbSpecs.All.Max(v => v.Name.Length) + 4;
        foreach (var verb in VerbSpecs.All) Column(text, verb.Name, verb.HelpText, width);
        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine("  kubectl klutch COMMAND [flags]");
        text.AppendLine();
        text.AppendLine("Use 'kubectl klutch COMMAND --help' (or 'kubectl klutch help COMMAND') for a command's flags and examples.");
        return text.ToString();
    }

    public static string Of(VerbSpec verb)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(verb.HelpText);
        var examples = Examples(verb);
        if (examples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Examples:");
            foreach (var line in examples) text.AppendLine(line.StartsWith(' ') ? line : $"  # {line.TrimEnd(':')}");
        }
        if (verb.Arguments.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Arguments:");
            var argWidth = verb.Arguments.Max(a => a.MetaName.Length) + 4;
            foreach (var a in verb.Arguments) Column(text, a.MetaName, (a.Required ? "" : "Optional. ") + a.HelpText, argWidth);
        }
        text.AppendLine();
        text.AppendLine("Flags:");
        var flags = verb.Flags.Select(f => (Name: f.Display, f.HelpText)).Append((Name: "-h, --help", HelpText: (string?)"Show this help.")).ToList();
        var width = flags.Max(f => f.Name.Length) + 4;
        foreach (var (name, help) in flags) Column(text, name, help, width);
        text.AppendLine();
        text.AppendLine("Usage:");
        text.AppendLine($"  {verb.Usage}");
        return text.ToString();
    }

    /// <summary>The [Usage] examples of the verb's options, formatted by the parser that reads them.</summary>
    private static List<string> Examples(VerbSpec verb)
    {
        using var parser = ProcessConsole.WithoutKeypadMode(() => new Parser(s => s.HelpWriter = null));
        var result = parser.ParseArguments([verb.Name, "--help"], Cli.Verbs);
        // The command lines (indented) read as the user types them; a description may name the executable on purpose.
        return [.. HelpText.RenderUsageTextAsLines(result, e => e).Select(l => l.StartsWith(' ') ? l.Replace("kubectl-klutch", "kubectl klutch") : l)];
    }

    /// <summary>A name and its description, the description wrapped in its own column.</summary>
    private static void Column(System.Text.StringBuilder text, string name, string? help, int width)
    {
        var words = (help ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = "  " + name.PadRight(width);
        var empty = true;
        foreach (var word in words)
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line);
                line = new string(' ', width + 2);
                empty = true;
            }
            line += (empty ? "" : " ") + word;
            empty = false;
        }
        text.AppendLine(line.TrimEnd());
    }

    public static int Report(NotParsed<object> result, CliIo io)
    {
        var error = result.Errors.First();
        var verb = result.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false).OfType<VerbAttribute>().FirstOrDefault()?.Name;
        var command = verb is null ? "kubectl klutch" : $"kubectl klutch {verb}";
        return Cli.Fail(io, $"{Sentence(error)}: see '{command} --help'", ExitCodes.Usage);
    }

    private static string Sentence(Error error) => error switch
    {
        BadVerbSelectedError e => $"unknown command \"{e.Token}\" for \"kubectl klutch\"",
        UnknownOptionError e => $"unknown flag: {(e.Token.Length == 1 ? "-" : "--")}{e.Token}",
        MissingValueOptionError e => $"flag needs an argument: --{e.NameInfo.LongName}",
        BadFormatConversionError e => $"invalid value for --{e.NameInfo.LongName}",
        MissingRequiredOptionError e => $"required flag --{e.NameInfo.LongName} is missing",
        RepeatedOptionError e => $"flag --{e.NameInfo.LongName} is given more than once",
        _ => $"invalid arguments ({error.Tag})",
    };
}
