using System.Security.Cryptography;
using System.Text;
using Stratum.Objects;
using Stratum.Reading;
using Stratum.Testing;

namespace Stratum.Core.Tests.Objects;

public sealed class LocalFolderObjectStoreTests : ObjectStoreContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-local-").FullName;

    protected override Task<IObjectStore> CreateAsync()
        => Task.FromResult<IObjectStore>(new LocalFolderObjectStore(Path.Combine(_dir, Guid.NewGuid().ToString("N"))));

    [Theory]
    [InlineData("../outside.csv")]
    [InlineData("a/../../outside.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b.csv")]
    [InlineData("a\\b.csv")]
    [InlineData("./a.csv")]
    public async Task Keys_that_leave_the_root_are_refused(string key)
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), default));
    }

    [Fact]
    public async Task A_link_out_of_the_root_is_listed_but_refused_on_read()
    {
        var outside = Path.Combine(_dir, "secret.csv");
        await File.WriteAllTextAsync(outside, "id\n1\n");
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root2"));
        Directory.CreateDirectory(Path.Combine(store.Root, "t/canonical/x"));
        File.CreateSymbolicLink(Path.Combine(store.Root, "t/canonical/x/link.csv"), outside);
        var listed = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync("t/canonical/x/", default))
        {
            listed.Add(o);
        }
        var link = Assert.Single(listed);
        var e = await Assert.ThrowsAsync<FileRejectedException>(() => store.OpenReadAsync(link, default));
        Assert.Contains("outside", e.Message, StringComparison.Ordinal);
    }

    private static async Task<ObjectInfo> SingleAsync(IObjectStore store, string prefix)
    {
        var listed = new List<ObjectInfo>();
        await foreach (var o in store.ListAsync(prefix, default))
        {
            listed.Add(o);
        }
        return Assert.Single(listed);
    }

    [Fact]
    public async Task Identity_is_the_key_then_the_content_hash_and_the_legacy_identity_is_the_content_alone()
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root3"));
        var bytes = Encoding.UTF8.GetBytes("id\n1\n");
        await store.PutAsync("t/canonical/x/a.csv", new MemoryStream(bytes), default);
        var file = await SingleAsync(store, "t/canonical/x/");
        var content = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}:{bytes.Length}";
        Assert.Equal("t/canonical/x/a.csv|" + content, file.Identity);
        Assert.Equal(content, file.LegacyIdentity);
    }

    [Fact]
    public async Task The_hashing_read_detects_a_file_rewritten_in_place_after_listing()
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root4"));
        await store.PutAsync("t/canonical/x/a.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        var listed = await SingleAsync(store, "t/canonical/x/");
        var path = store.FullPath("t/canonical/x/a.csv");
        var modified = File.GetLastWriteTimeUtc(path);
        await File.WriteAllTextAsync(path, "id\n7\n"); // same size, in place
        File.SetLastWriteTimeUtc(path, modified); // and the same time: only the bytes tell

        await using var s = await store.OpenReadAsync(listed, default);
        var buffer = new byte[64];
        await s.ReadExactlyAsync(buffer.AsMemory(0, 5)); // the bytes pass; the check runs at the end
        var e = await Assert.ThrowsAsync<ObjectChangedException>(() => s.CopyToAsync(Stream.Null));
        Assert.Equal("t/canonical/x/a.csv", e.Key);
    }

    [Fact]
    public async Task The_hashing_read_passes_unchanged_content_and_refuses_a_changed_size_at_open()
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root5"));
        await store.PutAsync("t/canonical/x/a.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        var listed = await SingleAsync(store, "t/canonical/x/");
        await using (var s = await store.OpenReadAsync(listed, default))
        {
            Assert.Equal("id\n1\n", await new StreamReader(s).ReadToEndAsync());
        }
        await File.AppendAllTextAsync(store.FullPath("t/canonical/x/a.csv"), "2\n");
        await Assert.ThrowsAsync<ObjectChangedException>(() => store.OpenReadAsync(listed, default));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
