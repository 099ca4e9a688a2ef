using System.Text;
using Stratum.Aws.Objects;
using Stratum.Objects;

namespace Stratum.Aws.Tests.Objects;

/// <summary>S3 specifics beyond the contract: paging, ETag identity, stale reads, the root prefix.</summary>
public sealed class S3ObjectStoreTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private static async Task<S3ObjectStore> NewStoreAsync(string prefix = "", int pageSize = 1000)
    {
        var store = new S3ObjectStore(new S3ObjectStoreOptions
        {
            Bucket = AwsTestServers.UniqueName("s3"),
            Prefix = prefix,
            PageSize = pageSize,
            Connection = AwsTestServers.Connection(AwsTestServers.RequireS3()),
        });
        await store.EnsureBucketAsync(default);
        return store;
    }

    private static async Task<List<ObjectInfo>> ListAsync(IObjectStore store, string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(prefix, default))
        {
            list.Add(o);
        }
        return list;
    }

    [SkippableFact]
    public async Task Fifteen_hundred_objects_under_one_prefix_are_all_listed_in_order()
    {
        await using var store = await NewStoreAsync("root/");
        const int n = 1500; // two pages of 1,000
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.PutAsync($"acme/canonical/tickets/{i:D5}.csv", Text($"id\n{i}\n"), ct));
        await store.PutAsync("acme/canonical/tickets_other/x.csv", Text("x"), default);

        var listed = await ListAsync(store, "acme/canonical/tickets/");

        Assert.Equal(n, listed.Count);
        Assert.Equal(Enumerable.Range(0, n).Select(i => $"acme/canonical/tickets/{i:D5}.csv"), listed.Select(o => o.Key));
        Assert.Equal(n, listed.Select(o => o.Identity).Distinct().Count());
    }

    [SkippableFact]
    public async Task Small_pages_are_followed_to_the_end()
    {
        await using var store = await NewStoreAsync(pageSize: 7);
        for (var i = 0; i < 30; i++)
        {
            await store.PutAsync($"t/canonical/x/{i:D2}.csv", Text("a"), default);
        }
        Assert.Equal(30, (await ListAsync(store, "t/canonical/x/")).Count);
    }

    [SkippableFact]
    public async Task A_changed_ETag_under_the_same_key_is_a_new_identity()
    {
        await using var store = await NewStoreAsync();
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n1\n"), default);
        var before = Assert.Single(await ListAsync(store, "t/canonical/x/"));
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n3\n"), default); // same size, new content
        var after = Assert.Single(await ListAsync(store, "t/canonical/x/"));

        Assert.Equal(before.Size, after.Size);
        Assert.NotEqual(before.Identity, after.Identity);
        Assert.StartsWith("t/canonical/x/f.csv|", after.Identity, StringComparison.Ordinal);
        // ETag of a single-part upload is the MD5 of the bytes.
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("id\n3\n")));
        Assert.Equal($"t/canonical/x/f.csv|{md5}|5", after.Identity);
    }

    [SkippableFact]
    public async Task Reading_an_object_replaced_since_it_was_listed_is_object_changed_and_deleted_is_file_not_found()
    {
        await using var store = await NewStoreAsync();
        await store.PutAsync("t/canonical/x/f.csv", Text("old"), default);
        var listed = Assert.Single(await ListAsync(store, "t/canonical/x/"));
        await store.PutAsync("t/canonical/x/f.csv", Text("new"), default);

        var e = await Assert.ThrowsAsync<ObjectChangedException>(() => store.OpenReadAsync(listed, default));
        Assert.Equal("t/canonical/x/f.csv", e.Key);
        Assert.Contains("changed after it was listed", e.Message, StringComparison.Ordinal);
        var current = Assert.Single(await ListAsync(store, "t/canonical/x/"));
        await using (var ok = await store.OpenReadAsync(current, default))
        {
            Assert.Equal("new", await new StreamReader(ok).ReadToEndAsync());
        }
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(current with { Key = "t/canonical/x/absent.csv" }, default));
    }

    [SkippableFact]
    public async Task Keys_are_relative_to_the_root_prefix_and_unseekable_uploads_work()
    {
        await using var store = await NewStoreAsync("landing/zone/");
        var body = new byte[70_000];
        new Random(7).NextBytes(body);
        await using (var pipe = new UnseekableStream(body))
        {
            await store.PutAsync("acme/canonical/t/a.bin", pipe, default);
        }
        await store.PutAsync("acme/canonical/t/folder/", Text(""), default); // a folder marker is not a file

        var info = Assert.Single(await ListAsync(store, "acme/canonical/t/"));
        Assert.Equal("acme/canonical/t/a.bin", info.Key);
        await using var read = await store.OpenReadAsync(info, default);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(body, copy.ToArray());
        Assert.StartsWith("s3://", store.Describe, StringComparison.Ordinal);
        Assert.Contains("/landing/zone/?endpoint=http://127.0.0.1:", store.Describe, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Tenant_folders_skip_objects_at_the_root_and_many_tenants_are_found()
    {
        await using var store = await NewStoreAsync("r/");
        await store.PutAsync("readme.txt", Text("x"), default);
        for (var i = 0; i < 12; i++)
        {
            await store.PutAsync($"tenant-{i:D2}/canonical/t/a.csv", Text("x"), default);
            await store.PutAsync($"tenant-{i:D2}/raw/a.json", Text("x"), default);
        }
        await store.PutAsync("tenant-05.eu/raw/only.json", Text("x"), default);
        await store.PutAsync("tenant-05.eu/zzz/canonical/no.csv", Text("x"), default);
        var found = new List<string>();
        await foreach (var t in store.ListTenantFoldersAsync(default))
        {
            found.Add(t);
        }
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"tenant-{i:D2}"), found);
    }
}
