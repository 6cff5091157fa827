namespace KubectlKlutch.Cli;

/// <summary>Accepts kubectl's spellings that the parser does not: `-o=json`, `-v=6`, `--v=6`.</summary>
public static class Arguments
{
    public static string[] Normalize(IEnumerable<string> args) =>
    [
        .. args.SelectMany(a =>
            a.Length > 3 && a[0] == '-' && a[1] != '-' && a[2] == '=' ? [a[..2], a[3..]]
            : a.StartsWith("--v=", StringComparison.Ordinal) ? ["-v", a[4..]]
            : a == "--v" ? ["-v"]
            // Value-less spellings of flags that also take a value, as kubectl accepts them.
            : a == "--wait" ? ["--wait=true"]
            : a == "--dry-run" ? ["--dry-run=client"]
            : new[] { a }),
    ];
}
