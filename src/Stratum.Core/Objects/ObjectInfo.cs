namespace Stratum.Objects;

/// <summary>
/// A file in the object store. <see cref="Identity"/> is what the ledger remembers: it changes
/// whenever the content may have changed (S3: key + ETag + size; local folder: content hash +
/// size), so a re-delivered file with new content is a new file, and an untouched file is never
/// loaded twice. <see cref="LastModified"/> is only information, never an idempotency check.
/// </summary>
public sealed record ObjectInfo(string Key, string Identity, long Size, DateTimeOffset LastModified);
