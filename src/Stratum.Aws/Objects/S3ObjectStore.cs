using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Stratum.Aws.Connection;
using Stratum.Objects;

namespace Stratum.Aws.Objects;

/// <summary>
/// The object store on S3 or an S3-compatible server. Lists with ListObjectsV2 page by page
/// (continuation tokens), identifies a file by key + ETag + size, streams reads (with If-Match on
/// the listed ETag: an object replaced since it was listed is <see cref="ObjectChangedException"/>,
/// one deleted is <see cref="FileNotFoundException"/>), and retries throttling, 5xx and network
/// faults only.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly bool _ownsClient;
    private readonly S3ObjectStoreOptions _options;
    private readonly AwsCaller _caller;
    private readonly bool _plainHttp;

    public S3ObjectStore(S3ObjectStoreOptions options)
        : this(options, AwsClients.CreateS3(Checked(options).Connection, options.PathStyle), ownsClient: true)
    {
    }

    /// <summary>Uses a client the caller owns (and disposes).</summary>
    public S3ObjectStore(S3ObjectStoreOptions options, IAmazonS3 client)
        : this(Checked(options), client, ownsClient: false)
    {
    }

    private S3ObjectStore(S3ObjectStoreOptions options, IAmazonS3 client, bool ownsClient)
    {
        _options = options;
        _s3 = client;
        _ownsClient = ownsClient;
        _caller = new AwsCaller(options.Connection.Retry);
        _plainHttp = options.Connection.Endpoint?.Scheme == Uri.UriSchemeHttp;
    }

    public string Describe => _options.ToUrl();

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix + prefix, MaxKeys = _options.PageSize };
        while (true)
        {
            var page = await _caller.RunAsync($"list s3://{_options.Bucket}/{request.Prefix}",
                token => _s3.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                if (o.Key.EndsWith('/'))
                {
                    continue; // a "folder" marker, not a file
                }
                var size = o.Size ?? 0;
                var modified = o.LastModified is { } m ? new DateTimeOffset(DateTime.SpecifyKind(m.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.MinValue;
                yield return new ObjectInfo(o.Key[_options.Prefix.Length..], S3Identity.Format(o.Key, o.ETag, size), size, modified);
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task<Stream> OpenReadAsync(ObjectInfo obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var etag = S3Identity.ETagOf(obj.Identity);
        var key = _options.Prefix + obj.Key;
        // If-Match makes S3 refuse a body that is no longer the listed one; the check below covers servers that ignore it.
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = key, EtagToMatch = etag is null ? null : $"\"{etag}\"" };
        GetObjectResponse response;
        try
        {
            response = await _caller.RunAsync($"read s3://{_options.Bucket}/{key}", token => _s3.GetObjectAsync(request, token), cancellationToken);
        }
        catch (StratumException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed } changed)
        {
            throw Changed(obj.Key, changed);
        }
        catch (StratumException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound, ErrorCode: "NoSuchKey" } gone)
        {
            throw Gone(key, gone);
        }
        if (etag is not null && S3Identity.Unquote(response.ETag) != etag)
        {
            response.Dispose();
            throw Changed(obj.Key, null);
        }
        return new S3ReadStream(response);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(content);
        MemoryStream? buffer = null;
        if (!content.CanSeek)
        {
            buffer = new MemoryStream(); // a retry must send the body again
            await content.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
        }
        var body = buffer ?? content;
        var start = body.Position;
        try
        {
            await _caller.RunAsync($"write s3://{_options.Bucket}/{_options.Prefix}{key}", async token =>
            {
                body.Position = start;
                var request = new PutObjectRequest
                {
                    BucketName = _options.Bucket,
                    Key = _options.Prefix + key,
                    InputStream = body,
                    AutoCloseStream = false,
                    // Over plain http the SDK would otherwise send aws-chunked framing that some servers (s3rver) store as the bytes.
                    UseChunkEncoding = !_plainHttp,
                };
                await _s3.PutObjectAsync(request, token);
            }, cancellationToken);
        }
        finally
        {
            if (buffer is not null)
            {
                await buffer.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Walks the first-level folders by skipping: each request asks for the first key after the
    /// previous folder (<c>StartAfter = {folder}0</c>; '0' sorts right after '/'), then checks the
    /// folder has <c>canonical/</c>. Two small requests per folder, whatever the number of files.
    /// A delimiter listing would save the first, but s3rver leaves out common prefixes that have
    /// no object directly beneath them, and a listing must be right on every S3-compatible store.
    /// </summary>
    public async IAsyncEnumerable<string> ListTenantFoldersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, StartAfter = after, MaxKeys = 1 };
            var page = await _caller.RunAsync($"list tenants in s3://{_options.Bucket}/{_options.Prefix}",
                token => _s3.ListObjectsV2Async(request, token), cancellationToken);
            var first = page.S3Objects?.FirstOrDefault();
            if (first is null)
            {
                yield break;
            }
            var relative = first.Key[_options.Prefix.Length..];
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                after = first.Key; // an object directly under the root, not a folder
                continue;
            }
            var folder = relative[..slash];
            if (folder.Length > 0 && await HasAnyAsync(_options.Prefix + folder + "/canonical/", cancellationToken))
            {
                yield return folder;
            }
            after = _options.Prefix + folder + "0";
        }
    }

    /// <summary>
    /// The entries directly under a folder, in two passes. First a delimiter listing ('/'), a page
    /// of up to 1,000 entries per request: the files directly in the folder, and its sub-folders as
    /// common prefixes. Then, because a delimiter listing is not right on every S3-compatible store
    /// (s3rver leaves out common prefixes with no object directly beneath them), the sub-folders
    /// again by skipping, as <see cref="ListTenantFoldersAsync"/> does: a page of up to
    /// <see cref="FolderPageSize"/> keys, and at the first key inside a sub-folder the sub-folder is
    /// named and the next request starts after it (<c>StartAfter = {folder}0</c>, '0' sorting right
    /// after '/'): one request per sub-folder, whatever it holds. The skip relies on keys coming in
    /// byte order, as the S3 API specifies; s3rver returns them in path-component order, so there a
    /// sub-folder whose name extends another's with a character below '/' (<c>acme-old/</c> beside
    /// <c>acme/</c>) is found only when it holds an object directly.
    /// </summary>
    public async IAsyncEnumerable<FolderEntry> ListFolderAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            throw new ArgumentException($"folder prefix '{prefix}' must be empty or end with '/'", nameof(prefix));
        }
        var full = _options.Prefix + prefix;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var listing = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = full, Delimiter = "/", MaxKeys = _options.PageSize };
        while (true)
        {
            var page = await _caller.RunAsync($"list folder s3://{_options.Bucket}/{full}",
                token => _s3.ListObjectsV2Async(listing, token), cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                var rest = o.Key[full.Length..];
                if (rest.Length > 0 && !rest.Contains('/', StringComparison.Ordinal))
                {
                    files.Add(rest);
                }
            }
            foreach (var p in page.CommonPrefixes ?? [])
            {
                if (p.Length > full.Length + 1)
                {
                    folders.Add(p[full.Length..^1]);
                }
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }
            listing.ContinuationToken = page.NextContinuationToken;
        }
        string? after = null;
        while (true)
        {
            var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = full, StartAfter = after, MaxKeys = FolderPageSize };
            var page = await _caller.RunAsync($"list folder s3://{_options.Bucket}/{full}",
                token => _s3.ListObjectsV2Async(request, token), cancellationToken);
            var objects = page.S3Objects ?? [];
            string? skipTo = null;
            foreach (var o in objects)
            {
                var rest = o.Key[full.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    after = o.Key; // a file directly in the folder: the first pass has it
                    continue;
                }
                var folder = rest[..slash];
                folders.Add(folder);
                skipTo = full + folder + "0";
                break;
            }
            if (skipTo is not null)
            {
                after = skipTo;
            }
            else if (objects.Count == 0 || page.IsTruncated != true)
            {
                break;
            }
        }
        foreach (var e in files.Select(f => new FolderEntry(f, IsFolder: false)).Concat(folders.Select(f => new FolderEntry(f, IsFolder: true)))
                     .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.IsFolder))
        {
            yield return e;
        }
    }

    /// <summary>Keys read per request by <see cref="ListFolderAsync"/>.</summary>
    public const int FolderPageSize = 100;

    /// <summary>Creates the bucket unless it exists (for tests, demos and simulations against an emulator).</summary>
    public Task EnsureBucketAsync(CancellationToken cancellationToken)
        => _caller.RunAsync($"create bucket {_options.Bucket}", async token =>
        {
            try
            {
                await _s3.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, token);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // Someone (perhaps another worker) created it first.
            }
        }, cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _s3.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private async Task<bool> HasAnyAsync(string fullPrefix, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = fullPrefix, MaxKeys = 1 };
        var page = await _caller.RunAsync($"list s3://{_options.Bucket}/{fullPrefix}", token => _s3.ListObjectsV2Async(request, token), cancellationToken);
        return page.S3Objects is { Count: > 0 };
    }

    /// <summary>
    /// The listed object is gone (deleted). Like a local file deleted after listing, there is
    /// nothing to load or record for it.
    /// </summary>
    private static FileNotFoundException Gone(string key, Exception? inner)
        => new($"s3 object '{key}' was deleted after it was listed", key, inner);

    /// <summary>
    /// The listed version was overwritten (its ETag no longer matches; S3 answers If-Match with
    /// 412). Nothing is recorded for it; the new version is listed under its own identity next time.
    /// </summary>
    private static ObjectChangedException Changed(string key, Exception? inner)
        => new(key, "its ETag is no longer the listed one", inner);

    private static S3ObjectStoreOptions Checked(S3ObjectStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
