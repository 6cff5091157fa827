namespace KubectlKlutch;

/// <summary>Bad usage or input: reported as one sentence with exit code 2, before anything is read or written.</summary>
public class UsageException(string message) : Exception(message);
