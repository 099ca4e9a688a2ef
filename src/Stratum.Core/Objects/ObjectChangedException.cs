namespace Stratum.Objects;

/// <summary>
/// A file's content is no longer the content it was listed with: it was rewritten between listing
/// and reading (local folder: the bytes read do not hash to the listed identity; S3: the listed
/// ETag no longer matches). Not transient, and not a bad file: the loader records nothing for it
/// (neither committed nor quarantined), so it stays pending and the next listing sees its new
/// content under a new identity.
/// </summary>
public sealed class ObjectChangedException : StratumException
{
    public ObjectChangedException(string key, string detail, Exception? inner = null)
        : base($"'{key}' changed after it was listed ({detail}); it stays pending and is listed again on the next pass", isTransient: false, inner)
        => Key = key;

    /// <summary>The object key (relative to the store's root).</summary>
    public string Key { get; }
}
