namespace KubectlKlutch.Output;

/// <summary>A sentence from elsewhere, set into another after "error: " or "NAME: ", in kubectl's style.</summary>
public static class Clause
{
    /// <summary>Lower-case start (names such as API or TLS stay as they are), no final period.</summary>
    public static string Of(string message)
    {
        var text = message.TrimEnd().TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && char.IsLower(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
