using KubectlKlutch.Registry;
using KubectlKlutch.Settings;

namespace KubectlKlutch.Cli;

/// <summary>The plugin's settings (file and KLUTCH_* variables, in the command's environment) and a registry client built from them.</summary>
public static class RegistrySession
{
    /// <summary>From 6 on, as kubectl's -v, every registry request is logged too.</summary>
    private const int RequestLogLevel = 6;

    public static KlutchSettings Settings(CliIo io)
    {
        try
        {
            return SettingsLoader.Load(io.Environment, io.Home);
        }
        catch (SettingsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// The client for one command. The settings carry the environment they were read in (for
    /// passwords, the tag cache and docker's credentials); <paramref name="log"/> gets a line per
    /// request when <paramref name="verbosity"/> (the -v flag) is 6 or more.
    /// </summary>
    public static RegistryClient Client(RegistrySettings settings, TextWriter? log = null, int verbosity = 0) =>
        new(RegistryHandler.CreateHttpClient(settings, verbosity >= RequestLogLevel ? log : null), settings, TagCache.ForSettings(settings));
}
