using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Stratum.Reading;

namespace Stratum.Objects;

/// <summary>
/// A local folder as an object store: keys are '/'-separated paths below the root. Identity is
/// the content's SHA-256 (first 16 bytes) and size, so a file rewritten with new content is a new
/// file and a touched-but-unchanged one is not. Keys that climb out of the root, and links that
/// point outside it, are refused. Hidden names (starting with '.') are not listed.
/// </summary>
public sealed class LocalFolderObjectStore : IObjectStore
{
    private readonly string _root;
    private readonly ConcurrentDictionary<(string Path, long Size, long Ticks), string> _identities = new();

    public LocalFolderObjectStore(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Directory.CreateDirectory(_root);
    }

    public string Describe => "file://" + _root;

    public string Root => _root;

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var dir = DirectoryOf(prefix);
        if (!Directory.Exists(dir))
        {
            yield break;
        }
        var files = Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .Select(f => (Full: f, Key: ToKey(f)))
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && !f.Key.Split('/').Any(s => s.StartsWith('.')))
            .OrderBy(f => f.Key, StringComparer.Ordinal);
        foreach (var (full, key) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(full);
            if (info.LinkTarget is not null && !IsInsideRoot(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName))
            {
                // Listed with an identity that can never be read: the loader quarantines it with the reason.
                yield return new ObjectInfo(key, "link-outside-root:" + key, 0, info.LastWriteTimeUtc);
                continue;
            }
            var identity = await IdentityAsync(full, info, cancellationToken);
            yield return new ObjectInfo(key, identity, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
        }
    }

    public Task<Stream> OpenReadAsync(ObjectInfo obj, CancellationToken cancellationToken)
    {
        var full = FullPath(obj.Key);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null && !IsInsideRoot(info.ResolveLinkTarget(returnFinalTarget: true)?.FullName))
        {
            throw new FileRejectedException(obj.Key, 0, null, "the file is a link that points outside the object store's root");
        }
        Stream s = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(s);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var full = FullPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".tmp-{Guid.NewGuid():N}");
        await using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(f, cancellationToken);
        }
        File.Move(temp, full, overwrite: true); // readers see the old file or the whole new one
    }

    public async IAsyncEnumerable<string> ListTenantFoldersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var dir in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && Directory.Exists(Path.Combine(dir, "canonical")))
            {
                yield return name;
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The full path of a key, refusing anything that is not a plain relative path inside the root.</summary>
    public string FullPath(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal)
            || key.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"object key '{key}' is not a plain relative path (no leading '/', no '.', '..' or empty segments, no '\\')", nameof(key));
        }
        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!IsInsideRoot(full))
        {
            throw new ArgumentException($"object key '{key}' resolves outside the store's root", nameof(key));
        }
        return full;
    }

    private bool IsInsideRoot(string? full)
        => full is not null && full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The deepest folder that holds every key with this prefix.</summary>
    private string DirectoryOf(string prefix)
    {
        var slash = prefix.LastIndexOf('/');
        return slash <= 0 ? _root : FullPath(prefix[..slash]);
    }

    private string ToKey(string full) => Path.GetRelativePath(_root, full).Replace(Path.DirectorySeparatorChar, '/');

    private async Task<string> IdentityAsync(string full, FileInfo info, CancellationToken ct)
    {
        var cacheKey = (full, info.Length, info.LastWriteTimeUtc.Ticks);
        if (_identities.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }
        await using var f = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(f, ct);
        var identity = $"sha256:{Convert.ToHexStringLower(hash.AsSpan(0, 16))}:{info.Length}";
        _identities[cacheKey] = identity;
        return identity;
    }
}
