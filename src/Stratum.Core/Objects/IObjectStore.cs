namespace Stratum.Objects;

/// <summary>The object store port: where the pipeline lands files (a local folder, S3).</summary>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>A display form of the store (no secrets), e.g. <c>file:///data</c> or <c>s3://bucket/prefix</c>.</summary>
    string Describe { get; }

    /// <summary>Every object under <paramref name="prefix"/> (keys relative to the store's root), in key order; pages internally.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading. The stream is forward-only.</summary>
    Task<Stream> OpenReadAsync(ObjectInfo obj, CancellationToken cancellationToken);

    /// <summary>Writes an object (used by <c>simulate</c>, <c>demo</c> and tests to land files).</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The tenants that have files: the first segment of keys that have <c>{tenant}/canonical/</c>.</summary>
    IAsyncEnumerable<string> ListTenantFoldersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What is directly under <paramref name="prefix"/> ("" for the root, else a folder ending with
    /// '/'): its sub-folders (names with keys beneath them) and its files, each once, in name order.
    /// Never lists what is inside the sub-folders: the cost grows with the number of entries, not of
    /// files (the landing survey, <see cref="LandingSurveyor"/>, is built on it).
    /// </summary>
    IAsyncEnumerable<FolderEntry> ListFolderAsync(string prefix, CancellationToken cancellationToken);
}
