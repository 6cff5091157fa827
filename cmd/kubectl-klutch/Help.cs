using CommandLine;
using CommandLine.Text;

namespace KubectlKlutch.Cli;

/// <summary>Usage text that reads `kubectl klutch ...`, and one sentence per parse error.</summary>
public static class Help
{
    public static int Report(NotParsed<object> result, CliIo io)
    {
        var errors = result.Errors.ToList();
        if (errors.Any(e => e is HelpRequestedError or HelpVerbRequestedError or NoVerbSelectedError))
        {
            var helpText = Text(result);
            // No verb at all is a usage error, but still the place to show what exists.
            var noVerb = errors.Any(e => e is NoVerbSelectedError);
            (noVerb ? io.Err : io.Out).WriteLine(helpText);
            return noVerb ? ExitCodes.Usage : ExitCodes.Success;
        }
        var verb = result.TypeInfo.Current.GetCustomAttributes(typeof(VerbAttribute), false).OfType<VerbAttribute>().FirstOrDefault()?.Name;
        var command = verb is null ? "kubectl klutch" : $"kubectl klutch {verb}";
        return Cli.Fail(io, $"{Sentence(errors[0])}: see '{command} --help'", ExitCodes.Usage);
    }

    private static string Text(NotParsed<object> result)
    {
        var text = HelpText.AutoBuild(result, h =>
        {
            h.Heading = $"kubectl klutch {PluginVersion.Current}: see and update the Klutch components of a cluster";
            h.Copyright = "";
            h.AdditionalNewLineAfterOption = false;
            h.AddDashesToOption = true;
            h.AutoVersion = false;
            h.MaximumDisplayWidth = 100;
            h.AddPreOptionsLine("Usage: kubectl klutch COMMAND [flags]");
            return h;
        }, e => e, verbsIndex: true);
        return text.ToString().Replace("kubectl-klutch", "kubectl klutch");
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
