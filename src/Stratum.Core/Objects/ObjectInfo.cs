namespace Stratum.Objects;

/// <summary>
/// A file in the object store. <see cref="Identity"/> is what the ledger remembers: the file's key
/// and its content together (S3: key + ETag + size; local folder: key + content hash + size). The
/// same bytes delivered again under the same key are the same file; the same bytes under another
/// key are another file (its rows are planned; the planner absorbs what is already there); new
/// bytes under the same key are a new file. A read is checked against the listed identity: a file
/// whose content changed after it was listed fails its read with
/// <see cref="ObjectChangedException"/> and is never recorded under an identity its content no
/// longer has. <see cref="LastModified"/> is only information, never an idempotency check.
/// </summary>
public sealed record ObjectInfo(string Key, string Identity, long Size, DateTimeOffset LastModified)
{
    /// <summary>
    /// The identity an earlier version of the store gave this file, when it differed (the local
    /// folder once identified a file by content alone, without the key); null when none. A ledger
    /// entry under this identity counts only if it was recorded for the same key
    /// (<see cref="Stratum.State.Ledgers.Find"/>).
    /// </summary>
    public string? LegacyIdentity { get; init; }
}
