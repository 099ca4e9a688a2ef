using Stratum.Hashing;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Testing;
using Stratum.Testing.InMemory;
using Stratum.Warehouse;

namespace Stratum.Core.Tests.InMemory;

/// <summary>
/// What <see cref="InMemoryWarehouse"/> promises beyond the warehouse contract suite: a publication
/// is invisible until its commit and gone when disposed without one, and the publish fence refuses
/// a commit whose token is older than one that has published the stream.
/// </summary>
public sealed class InMemoryWarehouseTests
{
    private static readonly TenantId Tenant = TenantId.Parse("acme");
    private static readonly StreamId Stream = new(Tenant, Identifier.Parse("all_types"));
    private static readonly DateTime At = new(2025, 6, 21, 9, 0, 0, DateTimeKind.Utc);

    private readonly Stratum.Contracts.TableContract _contract = TestContracts.AllTypes();
    private readonly InMemoryWarehouse _warehouse = new();

    /// <summary>The new history of one key: a single current version named <paramref name="name"/>.</summary>
    private KeyPlan Version(string id, string name, int hour = 0)
    {
        var values = StaleWriterScenario.Row(id, At.AddHours(hour), name);
        var incoming = new IncomingRow(RowKey.FromRow(_contract, values), At.AddHours(hour), new RowHasher(_contract).Hash(values), false, values, "f");
        return new ScdPlanner(_contract).Plan([], [incoming], "l").ChangedKeys.Single();
    }

    private async Task<List<string>> NamesAsync()
        => [.. (await _warehouse.ReadAllAsync(_contract, Tenant, default)).Select(r => (string)r.Values[2]!).Order(StringComparer.Ordinal)];

    private async Task PublishAsync(PublishFence? fence, params KeyPlan[] keys)
    {
        await using var publication = await _warehouse.BeginPublishAsync(_contract, Tenant, fence, default);
        await publication.AddAsync(keys, default);
        await publication.CommitAsync(default);
    }

    [Fact]
    public async Task Nothing_of_a_publication_is_visible_before_its_commit()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        await using var publication = await _warehouse.BeginPublishAsync(_contract, Tenant, null, default);
        await publication.AddAsync([Version("a", "a1")], default);
        await publication.AddAsync([Version("b", "b1")], default);

        Assert.Empty(await NamesAsync());
        Assert.Empty(await publication.ReadHistoryAsync([Version("a", "a1").Key], default));
        Assert.Equal(0, (await _warehouse.GetStatsAsync(_contract, null, default)).Rows);

        await publication.CommitAsync(default);
        Assert.Equal(["a1", "b1"], await NamesAsync());
        Assert.Equal(1, _warehouse.Commits);
    }

    [Fact]
    public async Task A_publication_disposed_without_a_commit_leaves_nothing()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        await PublishAsync(null, Version("a", "a1"));
        await using (var publication = await _warehouse.BeginPublishAsync(_contract, Tenant, PublishFence.Always(Stream, 5), default))
        {
            await publication.AddAsync([Version("a", "a2"), Version("b", "b1")], default);
        }

        Assert.Equal(["a1"], await NamesAsync());
        Assert.Null(_warehouse.PublishedToken(Stream)); // the fence is raised by a commit only
        Assert.Equal(1, _warehouse.Commits);
    }

    [Fact]
    public async Task A_key_is_added_once_per_publication()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        await using var publication = await _warehouse.BeginPublishAsync(_contract, Tenant, null, default);
        await publication.AddAsync([Version("a", "a1")], default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => publication.AddAsync([Version("a", "a2")], default));
    }

    [Fact]
    public async Task A_commit_with_a_lower_token_than_one_that_published_is_refused_and_lands_nothing()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        await PublishAsync(PublishFence.Always(Stream, 1), Version("a", "a1"));
        await PublishAsync(PublishFence.Always(Stream, 3), Version("a", "a3"));
        await using var stale = await _warehouse.BeginPublishAsync(_contract, Tenant, PublishFence.Always(Stream, 2), default);
        await stale.AddAsync([Version("a", "a2"), Version("b", "b2")], default);

        var e = await Assert.ThrowsAsync<StalePublishException>(() => stale.CommitAsync(default));

        Assert.Equal((Stream, 2L), (e.Stream, e.Token));
        Assert.Contains("lease token 2 is older than token 3, which has already published", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.Equal(["a3"], await NamesAsync());
        Assert.Equal(3, _warehouse.PublishedToken(Stream));
    }

    [Fact]
    public async Task The_same_token_publishes_again_another_stream_has_its_own_fence_and_no_fence_is_not_checked()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        var other = new StreamId(TenantId.Parse("globex"), Stream.Table);
        await PublishAsync(PublishFence.Always(Stream, 4), Version("a", "a1"));
        await PublishAsync(PublishFence.Always(Stream, 4), Version("b", "b1")); // the next batch of the same lease
        await PublishAsync(PublishFence.Always(other, 1), Version("c", "c1"));  // another stream's first lease
        await PublishAsync(null, Version("d", "d1"));                          // tools and tests hold no lease

        Assert.Equal(["a1", "b1", "c1", "d1"], await NamesAsync());
        Assert.Equal((4L, 1L), (_warehouse.PublishedToken(Stream), _warehouse.PublishedToken(other)));
    }

    [Fact]
    public async Task A_commit_with_no_changes_checks_and_raises_no_fence()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        await PublishAsync(PublishFence.Always(Stream, 3), Version("a", "a1"));

        await PublishAsync(PublishFence.Always(Stream, 1)); // as DuckDB: a publication with no changes opens nothing
        await PublishAsync(PublishFence.Always(Stream, 9));

        Assert.Equal(3, _warehouse.PublishedToken(Stream));
        Assert.Equal(1, _warehouse.Commits);
    }

    [Fact]
    public async Task Timestamps_are_kept_to_the_microsecond_and_stored_rows_are_copies()
    {
        await _warehouse.EnsureTableAsync(_contract, default);
        var plan = Version("a", "a1");
        var row = plan.Rows[0];
        row.Values[8] = At.AddTicks(1_234_567);
        await PublishAsync(null, plan with { Rows = [row with { EffectiveDate = At.AddTicks(5) }] });
        row.Values[2] = "changed by the caller";

        var back = Assert.Single(await _warehouse.ReadAllAsync(_contract, Tenant, default));
        Assert.Equal((At.AddTicks(1_234_560), At, "a1"), (back.Values[8], back.EffectiveDate, back.Values[2]));
        back.Values[2] = "changed by a reader";
        Assert.Equal(["a1"], await NamesAsync());
    }

    [Fact]
    public async Task A_missing_table_has_no_problems_but_cannot_be_read_or_published()
    {
        Assert.Equal(InvariantCounts.None, await _warehouse.CountProblemsAsync(_contract, null, default));
        Assert.Null(await _warehouse.ReadContractAsync(_contract.Table, default));
        await Assert.ThrowsAsync<StratumException>(() => _warehouse.ReadAllAsync(_contract, Tenant, default));
        await Assert.ThrowsAsync<StratumException>(() => PublishAsync(null, Version("a", "a1")));
    }
}
