namespace KubectlKlutch.Catalog;

/// <summary>
/// The Klutch releases the plugin knows by name, newest first: what `upgrade COMPONENT &lt;TAB&gt;`
/// offers without asking a registry. Only the releases the change log names; the registry's tag
/// list (the `versions` verb) is the authority, this list is a hint for the shell.
/// </summary>
public static class KnownReleases
{
    /// <summary>The version word that means the newest release in the component's registry.</summary>
    public const string Latest = "latest";

    public static IReadOnlyList<string> All { get; } = ["v1.5.0", "v1.4.0", "v1.3.2", "v1.3.1", "v1.3.0", "v1.0.0"];
}
