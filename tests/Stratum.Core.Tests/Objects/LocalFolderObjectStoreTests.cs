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

    [Fact]
    public async Task Same_content_under_another_name_has_the_same_identity()
    {
        var store = new LocalFolderObjectStore(Path.Combine(_dir, "root3"));
        await store.PutAsync("t/canonical/x/a.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        await store.PutAsync("t/canonical/x/b.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), default);
        var ids = new List<string>();
        await foreach (var o in store.ListAsync("t/canonical/x/", default))
        {
            ids.Add(o.Identity);
        }
        Assert.Equal(ids[0], ids[1]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
