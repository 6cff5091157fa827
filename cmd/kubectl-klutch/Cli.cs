using CommandLine;
using KubectlKlutch.Cli.Commands;
using KubectlKlutch.Cli.Options;

namespace KubectlKlutch.Cli;

/// <summary>
/// Parses the arguments, runs one verb, and turns every failure into one sentence on stderr
/// and the documented exit code. Commands return their exit code; nothing calls Environment.Exit.
/// </summary>
public static class Cli
{
    /// <summary>Every verb's options type; Program keeps each one for the trimmer.</summary>
    public static readonly Type[] Verbs = [typeof(StatusOptions), typeof(VersionsOptions), typeof(UpgradeOptions), typeof(RollbackOptions), typeof(VersionOptions), typeof(CompletionOptions)];

    public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken ct = default)
    {
        // Cobra's hidden completion protocol, before parsing: the words may be half typed.
        if (args is [CompletionCommand.Protocol or "__completeNoDesc", .. var words])
            return CompletionCommand.Complete(words, io);
        using var parser = ProcessConsole.WithoutKeypadMode(() => new Parser(s =>
        {
            s.HelpWriter = null;
            s.AutoVersion = false;
            s.CaseInsensitiveEnumValues = true;
            s.AllowMultiInstance = true;
            // Arguments puts every positional after `--`, so that a list flag never swallows one.
            s.EnableDashDash = true;
        }));
        try
        {
            var normalized = Arguments.Normalize(args);
            if (normalized.Help) return Help.Print(normalized.Verb, io);
            return parser.ParseArguments(normalized.Args, Verbs) switch
            {
                Parsed<object> { Value: StatusOptions o } => await StatusCommand.RunAsync(o, io, ct),
                Parsed<object> { Value: VersionsOptions o } => await VersionsCommand.RunAsync(o, io, ct),
                Parsed<object> { Value: UpgradeOptions o } => await UpgradeCommand.RunAsync(o, io, ct),
                Parsed<object> { Value: RollbackOptions o } => await RollbackCommand.RunAsync(o, io, ct),
                Parsed<object> { Value: VersionOptions o } => await VersionCommand.RunAsync(o, io, ct),
                Parsed<object> { Value: CompletionOptions o } => CompletionCommand.Run(o, io),
                NotParsed<object> notParsed => Help.Report(notParsed, io),
                _ => throw new InvalidOperationException("unreachable: every verb is dispatched above"),
            };
        }
        catch (UsageException e)
        {
            return Fail(io, e.Message, ExitCodes.Usage);
        }
        catch (OperationFailedException e)
        {
            return Fail(io, e.Message, e.IsInputError ? ExitCodes.Usage : ExitCodes.Failed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Fail(io, "interrupted", ExitCodes.Interrupted);
        }
    }

    public static int Fail(CliIo io, string message, int exitCode)
    {
        io.Err.WriteLine($"error: {KubectlKlutch.Output.Clause.Of(message)}");
        return exitCode;
    }
}
