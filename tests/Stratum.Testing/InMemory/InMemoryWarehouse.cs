using Stratum.Contracts;
using Stratum.Invariants;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Reading;
using Stratum.Warehouse;

namespace Stratum.Testing.InMemory;

/// <summary>
/// An <see cref="IWarehouse"/> held in memory, for unit tests, with the DuckDB adapter's semantics:
/// a table per contract (created with the contract's columns, refused as drift when ensured with
/// other ones), rows per tenant, the contracts stored with each table, timestamps kept to the
/// microsecond. A publication adds keys' new history aside and its commit replaces those keys'
/// history in one step; nothing of it is visible before, and nothing at all when it is disposed
/// without a commit. The publish fence is DuckDB's <c>stratum_fences</c>: per stream the highest
/// lease token that has published it, and a commit with changes and a lower token is refused with
/// <see cref="StalePublishException"/> (the fence's <see cref="PublishFence.ConfirmAsync"/> is not
/// called, as DuckDB does not). Thread-safe (one lock); no I/O.
/// </summary>
public sealed class InMemoryWarehouse : IWarehouse
{
    private static readonly TimeSpan Resolution = TimeSpan.FromTicks(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<Identifier, Table> _tables = [];
    private readonly Dictionary<Identifier, List<StoredContract>> _contracts = [];
    private readonly Dictionary<string, long> _fences = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly string _name;
    private int _commits;

    /// <param name="clock">gives each stored contract its time (information only); the system clock when null</param>
    /// <param name="name">shown in <see cref="Describe"/></param>
    public InMemoryWarehouse(TimeProvider? clock = null, string name = "warehouse")
    {
        _clock = clock ?? TimeProvider.System;
        _name = name;
    }

    public string Describe => "memory://" + _name;

    /// <summary>A microsecond, as DuckDB.</summary>
    public TimeSpan TimestampResolution => Resolution;

    public TimestampRange TimestampRange => TimestampRange.All;

    public DateRange DateRange => DateRange.All;

    /// <summary>Publications committed with at least one changed key (a commit with none changes nothing and is not counted).</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>The highest lease token that has published the stream, or null when none has (DuckDB's <c>PublishedTokenAsync</c>).</summary>
    public long? PublishedToken(StreamId stream)
    {
        lock (_lock)
        {
            return _fences.TryGetValue(stream.Key, out var token) ? token : null;
        }
    }

    public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_tables.TryGetValue(contract.Table, out var table))
            {
                _tables[contract.Table] = new Table(contract);
                StoreContract(contract, StoredContract.Origins.Created); // in the same step, as the real adapters do
                return Task.CompletedTask;
            }
            var differences = Differences(table.Schema, contract);
            if (differences.Count > 0)
            {
                throw new SchemaDriftException(contract.Table.Value, differences);
            }
        }
        return Task.CompletedTask;
    }

    public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_contracts.TryGetValue(table, out var stored) ? stored[^1] : null);
        }
    }

    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentException.ThrowIfNullOrEmpty(origin);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoreContract(contract, origin);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var table = TableOf(contract);
            var rows = table.RowsOf(tenant);
            IReadOnlyList<VersionRow> history = [.. keys
                .Select(k => k.Text)
                .Distinct(StringComparer.Ordinal)
                .SelectMany(k => rows.TryGetValue(k, out var versions) ? versions : [])
                .Select(r => table.FromTable(contract, r))];
            return Task.FromResult(history);
        }
    }

    public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var table = TableOf(contract);
            IReadOnlyList<VersionRow> all = [.. table.RowsOf(tenant).Values.SelectMany(v => v).Select(r => table.FromTable(contract, r))];
            return Task.FromResult(all);
        }
    }

    public Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IPublication>(new Publication(this, contract, tenant, fence));
    }

    public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var keys = TableOf(contract).Tenants(tenant).SelectMany(t => t.Values).Where(v => v.Count > 0).ToList();
            var rows = keys.SelectMany(v => v).ToList();
            var stats = new TableStats(rows.Count, rows.Count(r => r.IsCurrent), keys.Count, rows.Count == 0 ? null : rows.Max(r => r.EffectiveDate));
            return Task.FromResult(stats);
        }
    }

    /// <summary>
    /// Counts as the real adapters' queries do: exact duplicates first (rows equal in every column
    /// but the lineage ones, source file and load id; a group of n is n − 1), then every other kind
    /// with <see cref="InvariantChecker"/> over each key's distinct rows.
    /// </summary>
    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        cancellationToken.ThrowIfCancellationRequested();
        List<List<VersionRow>> histories;
        lock (_lock)
        {
            if (!_tables.TryGetValue(contract.Table, out var table))
            {
                return Task.FromResult(InvariantCounts.None);
            }
            histories = [.. table.Tenants(tenant).SelectMany(t => t.Values).Where(v => v.Count > 0).Select(v => v.ToList())];
        }
        long rows = 0, duplicates = 0;
        var options = new InvariantOptions(GapsAllowed: contract.HasDeletes);
        var violations = new List<Violation>();
        foreach (var history in histories)
        {
            var distinct = new List<VersionRow>();
            foreach (var row in history)
            {
                if (!distinct.Any(d => SameApartFromLineage(d, row)))
                {
                    distinct.Add(row);
                }
            }
            rows += history.Count;
            duplicates += history.Count - distinct.Count;
            InvariantChecker.CheckKey(history[0].Key, distinct, options, violations);
        }
        long Count(params ViolationKind[] kinds) => violations.Count(v => kinds.Contains(v.Kind));
        return Task.FromResult(new InvariantCounts
        {
            Rows = rows,
            ExactDuplicateRows = duplicates, // the checker's own exact-duplicate findings are left out: counted here, over all columns but lineage
            MultipleCurrentKeys = Count(ViolationKind.MultipleCurrent),
            DuplicateVersions = Count(ViolationKind.DuplicateVersion, ViolationKind.SameVersionDifferentCurrent),
            OverlappingIntervals = Count(ViolationKind.OverlappingInterval),
            InvertedIntervals = Count(ViolationKind.InvertedInterval),
            ExpiredWithoutExpirationDate = Count(ViolationKind.ExpiredWithoutExpirationDate),
            CurrentWithExpirationDate = Count(ViolationKind.CurrentWithExpirationDate),
            Gaps = Count(ViolationKind.Gap),
        });
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Equal in every column but source file and load id: the same version written twice (by two loaders, or one load replayed).</summary>
    private static bool SameApartFromLineage(VersionRow a, VersionRow b)
        => a.SameBusinessContent(b) && string.Equals(a.Hidden, b.Hidden, StringComparison.Ordinal);

    /// <summary>
    /// Replaces the added keys' history of the tenant in one step (a key whose new history is
    /// empty is gone), fenced as DuckDB fences: with changes and a fence, refused when a higher
    /// token has published the stream, else the stream's token becomes this one.
    /// </summary>
    private void Commit(TableContract contract, TenantId tenant, PublishFence? fence, IReadOnlyDictionary<string, List<VersionRow>> added)
    {
        lock (_lock)
        {
            if (added.Count == 0)
            {
                return; // nothing changed: nothing is written, the fence included
            }
            var table = TableOf(contract);
            if (fence is not null)
            {
                if (_fences.TryGetValue(fence.Stream.Key, out var published) && published > fence.Token)
                {
                    throw new StalePublishException(fence.Stream, fence.Token, $"is older than token {published}, which has already published ({Describe})");
                }
                _fences[fence.Stream.Key] = fence.Token;
            }
            var rows = table.RowsOf(tenant);
            foreach (var (key, history) in added)
            {
                if (history.Count == 0)
                {
                    rows.Remove(key);
                }
                else
                {
                    rows[key] = history;
                }
            }
            _commits++;
        }
    }

    /// <summary>Call under the lock.</summary>
    private Table TableOf(TableContract contract)
        => _tables.TryGetValue(contract.Table, out var table)
            ? table
            : throw new StratumException($"table '{contract.Table}' does not exist in {Describe}", isTransient: false);

    /// <summary>Call under the lock.</summary>
    private void StoreContract(TableContract contract, string origin)
    {
        var text = ContractFingerprint.CanonicalText(contract);
        var stored = new StoredContract(contract.Table.Value, ContractFingerprint.OfText(text), text, _clock.GetUtcNow().UtcDateTime, origin);
        if (!_contracts.TryGetValue(contract.Table, out var history))
        {
            _contracts[contract.Table] = history = [];
        }
        history.Add(stored);
    }

    /// <summary>What a table holds: its columns (business and SCD), each with its type, by name.</summary>
    private static List<(string Name, ColumnType Type)> Columns(TableContract contract)
    {
        var scd = contract.ScdColumns;
        return
        [
            (scd.TenantId.Value, ColumnType.String),
            .. contract.Columns.Select(c => (c.Name.Value, c.Type)),
            (scd.EffectiveDate.Value, ColumnType.Timestamp),
            (scd.ExpirationDate.Value, ColumnType.Timestamp),
            (scd.IsCurrent.Value, ColumnType.Bool),
            (scd.DataHash.Value, ColumnType.String),
            (scd.RecordVersion.Value, ColumnType.Int64),
            (scd.SourceFile.Value, ColumnType.String),
            (scd.LoadId.Value, ColumnType.String),
            (scd.Hidden.Value, ColumnType.String),
        ];
    }

    /// <summary>The columns the table and the contract do not agree on, by name and type, as DuckDB reports them.</summary>
    private static List<string> Differences(TableContract table, TableContract contract)
    {
        var existing = Columns(table).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var wanted = Columns(contract);
        var differences = new List<string>();
        foreach (var (name, type) in wanted)
        {
            if (!existing.TryGetValue(name, out var has))
            {
                differences.Add($"column '{name}' ({type}) is in the contract but not in the table");
            }
            else if (has != type)
            {
                differences.Add($"column '{name}' is {has} in the table but {type} in the contract");
            }
        }
        foreach (var (name, type) in existing.Where(e => !wanted.Any(w => w.Name == e.Key)))
        {
            differences.Add($"column '{name}' ({type}) is in the table but not in the contract");
        }
        return differences;
    }

    private static DateTime Truncate(DateTime t) => new(t.Ticks - (t.Ticks % Resolution.Ticks), DateTimeKind.Utc);

    /// <summary>
    /// One table: the contract it was created with (its columns, in their order) and per tenant
    /// each key's rows, values in the table's column order and timestamps cut to the microsecond.
    /// Rows are copied in and out, so no caller holds a stored array.
    /// </summary>
    private sealed class Table(TableContract schema)
    {
        private readonly Dictionary<string, Dictionary<string, List<VersionRow>>> _tenants = new(StringComparer.Ordinal);

        public TableContract Schema { get; } = schema;

        /// <summary>The tenant's rows by key text (created empty when it has none).</summary>
        public Dictionary<string, List<VersionRow>> RowsOf(TenantId tenant)
        {
            if (!_tenants.TryGetValue(tenant.Value, out var rows))
            {
                _tenants[tenant.Value] = rows = new Dictionary<string, List<VersionRow>>(StringComparer.Ordinal);
            }
            return rows;
        }

        /// <summary>One tenant's rows, or every tenant's.</summary>
        public IEnumerable<Dictionary<string, List<VersionRow>>> Tenants(TenantId? tenant)
            => tenant is { } t ? (_tenants.TryGetValue(t.Value, out var rows) ? [rows] : []) : _tenants.Values;

        /// <summary>A row of <paramref name="contract"/> as the table stores it (a table column the contract lacks is null).</summary>
        public VersionRow ToTable(TableContract contract, VersionRow row)
        {
            var values = Schema.Columns.Select(c => contract.Ordinal(c.Name.Value) is var i and >= 0 ? Stored(row.Values[i]) : null).ToArray();
            return row with
            {
                Values = values,
                EffectiveDate = Truncate(row.EffectiveDate),
                ExpirationDate = row.ExpirationDate is { } x ? Truncate(x) : null,
            };
        }

        /// <summary>A stored row in <paramref name="contract"/>'s columns; a contract column the table lacks is an error, as in SQL.</summary>
        public VersionRow FromTable(TableContract contract, VersionRow row)
        {
            var values = contract.Columns.Select(c => Schema.Ordinal(c.Name.Value) is var i and >= 0
                ? row.Values[i]
                : throw new StratumException($"table '{Schema.Table}' has no column '{c.Name}'", isTransient: false)).ToArray();
            return row with { Key = RowKey.FromRow(contract, values), Values = values };
        }

        private static object? Stored(object? value) => value is DateTime t ? Truncate(t) : value;
    }

    /// <summary>
    /// A publish in parts: each added key's new history is kept here, already in the table's form,
    /// until the commit replaces the keys' history in one step. Reads of history see what is
    /// committed (a key is added once, so a chunk's keys are not among those already added).
    /// </summary>
    private sealed class Publication(InMemoryWarehouse warehouse, TableContract contract, TenantId tenant, PublishFence? fence) : IPublication
    {
        private readonly Dictionary<string, List<VersionRow>> _added = new(StringComparer.Ordinal);
        private bool _committed;
        private bool _disposed;

        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
        {
            CheckOpen();
            return warehouse.ReadHistoryAsync(contract, tenant, keys, cancellationToken);
        }

        public Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(changed);
            cancellationToken.ThrowIfCancellationRequested();
            CheckOpen();
            if (changed.Count == 0)
            {
                return Task.CompletedTask;
            }
            Table table;
            lock (warehouse._lock)
            {
                table = warehouse.TableOf(contract);
            }
            foreach (var key in changed)
            {
                if (!_added.TryAdd(key.Key.Text, [.. key.Rows.Select(r => table.ToTable(contract, r))]))
                {
                    throw new InvalidOperationException($"key {key.Key} is added twice to one publication; a key is added once");
                }
            }
            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckOpen();
            warehouse.Commit(contract, tenant, fence, _added);
            _committed = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            _added.Clear(); // uncommitted: dropped
            return ValueTask.CompletedTask;
        }

        private void CheckOpen()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_committed)
            {
                throw new InvalidOperationException("the publication is committed already");
            }
        }
    }
}
