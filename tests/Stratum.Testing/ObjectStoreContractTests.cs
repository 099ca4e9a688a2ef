using System.Text;
using Stratum.Objects;

namespace Stratum.Testing;

/// <summary>What every object store must do, run against each adapter on the real store.</summary>
public abstract class ObjectStoreContractTests
{
    /// <summary>A fresh, empty store (its own folder or bucket).</summary>
    protected abstract Task<IObjectStore> CreateAsync();

    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private static async Task<List<ObjectInfo>> List(IObjectStore store, string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(prefix, default))
        {
            list.Add(o);
        }
        return list;
    }

    [SkippableFact]
    public async Task Lists_only_the_prefix_in_key_order_and_reads_back_exact_bytes()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("acme/canonical/tickets/b.csv", Text("id\n2\n"), default);
        await store.PutAsync("acme/canonical/tickets/a.csv", Text("id\n1\n"), default);
        await store.PutAsync("acme/canonical/tickets_old/x.csv", Text("id\n9\n"), default);
        await store.PutAsync("other/canonical/tickets/c.csv", Text("id\n3\n"), default);
        var listed = await List(store, "acme/canonical/tickets/");
        Assert.Equal(["acme/canonical/tickets/a.csv", "acme/canonical/tickets/b.csv"], listed.Select(o => o.Key));
        Assert.Equal(5, listed[0].Size);
        await using var s = await store.OpenReadAsync(listed[1], default);
        using var reader = new StreamReader(s);
        Assert.Equal("id\n2\n", await reader.ReadToEndAsync());
    }

    [SkippableFact]
    public async Task Identity_is_stable_and_changes_with_content()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n1\n"), default);
        var first = (await List(store, "t/canonical/x/")).Single();
        var again = (await List(store, "t/canonical/x/")).Single();
        Assert.Equal(first.Identity, again.Identity);
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n2\n"), default);
        var changed = (await List(store, "t/canonical/x/")).Single();
        Assert.NotEqual(first.Identity, changed.Identity);
    }

    [SkippableFact]
    public async Task Identity_is_key_and_content_the_same_bytes_under_two_keys_are_two_identities()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("t/canonical/x/a.csv", Text("id\n1\n"), default);
        await store.PutAsync("t/canonical/x/a.txt", Text("id\n1\n"), default);
        var listed = await List(store, "t/canonical/x/");
        Assert.Equal(2, listed.Count);
        Assert.NotEqual(listed[0].Identity, listed[1].Identity);
    }

    [SkippableFact]
    public async Task The_same_bytes_put_again_under_the_same_key_keep_their_identity()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n1\n"), default);
        var first = (await List(store, "t/canonical/x/")).Single();
        await Task.Delay(20); // a later modified time
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n1\n"), default);
        var again = (await List(store, "t/canonical/x/")).Single();
        Assert.Equal(first.Identity, again.Identity);
    }

    [SkippableFact]
    public async Task A_read_of_an_object_replaced_since_it_was_listed_is_object_changed_naming_the_key()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n1\n"), default);
        var listed = (await List(store, "t/canonical/x/")).Single();
        await store.PutAsync("t/canonical/x/f.csv", Text("id\n2\n"), default); // same size, new bytes
        var e = await Assert.ThrowsAsync<ObjectChangedException>(async () =>
        {
            await using var s = await store.OpenReadAsync(listed, default);
            await s.CopyToAsync(Stream.Null);
        });
        Assert.Equal("t/canonical/x/f.csv", e.Key);
        Assert.Contains("t/canonical/x/f.csv", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [SkippableFact]
    public async Task Binary_content_survives_a_round_trip()
    {
        await using var store = await CreateAsync();
        var bytes = new byte[300_000];
        new Random(42).NextBytes(bytes);
        await store.PutAsync("t/canonical/x/blob.parquet", new MemoryStream(bytes), default);
        var info = (await List(store, "t/canonical/x/")).Single();
        Assert.Equal(bytes.Length, info.Size);
        await using var s = await store.OpenReadAsync(info, default);
        var copy = new MemoryStream();
        await s.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [SkippableFact]
    public async Task Many_files_are_all_listed()
    {
        await using var store = await CreateAsync();
        const int n = 1100; // more than one S3 list page (1,000)
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.PutAsync($"t/canonical/many/f{i:D5}.csv", Text($"id\n{i}\n"), ct));
        var listed = await List(store, "t/canonical/many/");
        Assert.Equal(n, listed.Count);
        Assert.Equal(n, listed.Select(o => o.Key).Distinct().Count());
    }

    [SkippableFact]
    public async Task Tenant_folders_are_those_with_canonical_data()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("acme/canonical/tickets/a.csv", Text("x"), default);
        await store.PutAsync("globex/canonical/companies/a.csv", Text("x"), default);
        await store.PutAsync("initech/raw/connectwise/tickets/a.json", Text("x"), default);
        var tenants = new List<string>();
        await foreach (var t in store.ListTenantFoldersAsync(default))
        {
            tenants.Add(t);
        }
        Assert.Equal(["acme", "globex"], tenants.Order(StringComparer.Ordinal));
    }

    private static async Task<List<FolderEntry>> Folder(IObjectStore store, string prefix)
    {
        var list = new List<FolderEntry>();
        await foreach (var e in store.ListFolderAsync(prefix, default))
        {
            list.Add(e);
        }
        return list;
    }

    [SkippableFact]
    public async Task A_folder_lists_its_files_and_sub_folders_once_in_name_order_without_descending()
    {
        await using var store = await CreateAsync();
        await store.PutAsync("stray.csv", Text("x"), default);
        await store.PutAsync("Bad Tenant!/canonical/contacts/x.csv", Text("x"), default);
        await store.PutAsync("acme/canonical/contacts/a.csv", Text("x"), default);
        await store.PutAsync("acme/canonical/contacts/2025/06/b.csv", Text("x"), default);
        await store.PutAsync("acme/canonical/unknown_table/x.csv", Text("x"), default);
        await store.PutAsync("acme/canonical/stray.csv", Text("x"), default);
        await store.PutAsync("acme/canonical.csv", Text("x"), default);
        await store.PutAsync("acme_old/canonical/contacts/x.csv", Text("x"), default);
        await store.PutAsync("initech/raw/a.json", Text("x"), default);
        // Not "acme-old": s3rver returns keys in path-component order, not in byte order as S3 does, so a
        // name that extends a folder's name with a character below '/' is out of order there (S3ObjectStore).

        Assert.Equal(
            [("Bad Tenant!", true), ("acme", true), ("acme_old", true), ("initech", true), ("stray.csv", false)],
            (await Folder(store, "")).Select(e => (e.Name, e.IsFolder)).OrderBy(e => e.Name, StringComparer.Ordinal));
        Assert.Equal(
            [("contacts", true), ("stray.csv", false), ("unknown_table", true)],
            (await Folder(store, "acme/canonical/")).Select(e => (e.Name, e.IsFolder)).OrderBy(e => e.Name, StringComparer.Ordinal));
        Assert.Equal([("canonical", true), ("canonical.csv", false)], (await Folder(store, "acme/")).Select(e => (e.Name, e.IsFolder)).OrderBy(e => e.Name, StringComparer.Ordinal));
        Assert.Empty(await Folder(store, "initech/canonical/"));
        Assert.Empty(await Folder(store, "nobody/"));
    }

    [SkippableFact]
    public async Task A_folder_with_more_entries_than_a_page_lists_them_all()
    {
        await using var store = await CreateAsync();
        // More direct files than one S3 folder page (100), and sub-folders with more files than a page each, between them.
        await Parallel.ForEachAsync(Enumerable.Range(0, 130), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.PutAsync($"t/canonical/f{i:D3}.csv", Text("x"), ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, 3 * 110), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await store.PutAsync($"t/canonical/f{i % 3 * 50:D3}x/g{i:D3}.csv", Text("x"), ct));
        var entries = await Folder(store, "t/canonical/");
        Assert.Equal(133, entries.Count);
        Assert.Equal(130, entries.Count(e => !e.IsFolder));
        Assert.Equal(["f000x", "f050x", "f100x"], entries.Where(e => e.IsFolder).Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(133, entries.Select(e => e.Name).Distinct().Count());
    }
}
