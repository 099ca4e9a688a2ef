using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Stratum.Objects;

namespace Stratum.Testing.InMemory;

/// <summary>
/// An <see cref="IObjectStore"/> held in memory, for unit tests: keys map to immutable byte
/// arrays. Identity is the key and the content's SHA-256 (first 16 bytes) and size, as the local
/// folder makes it, so new bytes under a key are a new file and the same bytes put again are not.
/// A read of an object whose content is no longer the listed one throws
/// <see cref="ObjectChangedException"/>. Thread-safe (one lock); no I/O.
/// </summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly string _name;

    /// <param name="clock">gives each put its modified time (information only); the system clock when null</param>
    /// <param name="name">shown in <see cref="Describe"/></param>
    public InMemoryObjectStore(TimeProvider? clock = null, string name = "objects")
    {
        _clock = clock ?? TimeProvider.System;
        _name = name;
    }

    public string Describe => "memory://" + _name;

    /// <summary>How many objects the store holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        await Task.CompletedTask;
        foreach (var (key, obj) in Snapshot())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return obj.Info;
            }
        }
    }

    public Task<Stream> OpenReadAsync(ObjectInfo obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        cancellationToken.ThrowIfCancellationRequested();
        StoredObject? current;
        lock (_lock)
        {
            _objects.TryGetValue(obj.Key, out current);
        }
        if (current is null)
        {
            throw new FileNotFoundException($"'{obj.Key}' is not in {Describe}", obj.Key);
        }
        if (!string.Equals(current.Info.Identity, obj.Identity, StringComparison.Ordinal))
        {
            throw new ObjectChangedException(obj.Key, "the stored content is not the listed one");
        }
        return Task.FromResult<Stream>(new MemoryStream(current.Content, writable: false));
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(content);
        if (key.StartsWith('/') || key.Split('/').Any(s => s is "" or "." or ".."))
        {
            throw new ArgumentException($"object key '{key}' is not a plain relative path (no leading '/', no '.', '..' or empty segments)", nameof(key));
        }
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        var bytes = copy.ToArray();
        var hash = SHA256.HashData(bytes);
        var identity = $"{key}|sha256:{Convert.ToHexStringLower(hash.AsSpan(0, 16))}:{bytes.Length}";
        var stored = new StoredObject(new ObjectInfo(key, identity, bytes.Length, _clock.GetUtcNow()), bytes);
        lock (_lock)
        {
            _objects[key] = stored; // readers that opened the old content keep reading it whole
        }
    }

    /// <summary>Removes an object (a file deleted between listing and reading); false when there was none.</summary>
    public bool Delete(string key)
    {
        lock (_lock)
        {
            return _objects.Remove(key);
        }
    }

    public async IAsyncEnumerable<string> ListTenantFoldersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var tenants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in Snapshot())
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && key.AsSpan(slash + 1).StartsWith("canonical/", StringComparison.Ordinal))
            {
                tenants.Add(key[..slash]);
            }
        }
        foreach (var tenant in tenants)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return tenant;
        }
    }

    public async IAsyncEnumerable<FolderEntry> ListFolderAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            throw new ArgumentException($"folder prefix '{prefix}' must be empty or end with '/'", nameof(prefix));
        }
        await Task.CompletedTask;
        var entries = new HashSet<FolderEntry>();
        foreach (var (key, _) in Snapshot())
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            entries.Add(slash < 0 ? new FolderEntry(rest, IsFolder: false) : new FolderEntry(rest[..slash], IsFolder: true));
        }
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.IsFolder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The objects as they are now, in key order (listed outside the lock).</summary>
    private List<KeyValuePair<string, StoredObject>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _objects];
        }
    }

    private sealed record StoredObject(ObjectInfo Info, byte[] Content);
}
