namespace Stratum.Formats;

/// <summary>What an object key says about its content: the format extension, and a trailing <c>.gz</c>.</summary>
internal static class FileKey
{
    public static bool IsGzip(string key) => key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>True if the key ends with one of the extensions (e.g. <c>.csv</c>), optionally followed by <c>.gz</c>.</summary>
    public static bool HasExtension(string key, params ReadOnlySpan<string> extensions)
    {
        var name = IsGzip(key) ? key.AsSpan(0, key.Length - 3) : key.AsSpan();
        foreach (var e in extensions)
        {
            if (name.Length > e.Length && name.EndsWith(e, StringComparison.OrdinalIgnoreCase) && name[^(e.Length + 1)] is not ('/' or '\\'))
            {
                return true;
            }
        }
        return false;
    }
}
