using System.Data.Common;
using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Warehouse;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file. A publish is one transaction (delete the changed
/// keys' history, insert the new one), so readers see a load whole or not at all. DuckDB lets one
/// process at a time open a file for writing: a connection is held only for one operation, and a
/// file locked by another process (or a write-write conflict inside this one) is reported as
/// <see cref="ResourceBusyException"/> at once; the caller's retry policy (the loader's, bounded by
/// the lease) decides how long to wait. This adapter never retries by itself.
/// </summary>
public sealed partial class DuckDbWarehouse : IWarehouse
{
    private readonly string _connectionString;

    /// <param name="path">The database file (created when missing).</param>
    /// <param name="memoryLimit">
    /// DuckDB's <c>memory_limit</c> for this process's connections (<c>512MB</c>, <c>2GB</c>); null
    /// keeps DuckDB's default, 80% of the machine's memory. DuckDB holds a publish's rows in its own
    /// buffers, outside the .NET heap, until the commit: the limit makes it spill them to disk.
    /// </param>
    public DuckDbWarehouse(string path, string? memoryLimit = null)
    {
        if (memoryLimit is not null && !MemorySize().IsMatch(memoryLimit))
        {
            throw new ArgumentException($"DuckDB memory_limit '{memoryLimit}' is not a size such as 512MB or 2GB", nameof(memoryLimit));
        }
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = $"Data Source={Path}" + (memoryLimit is null ? "" : $";memory_limit={memoryLimit}");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{1,6}(KB|MB|GB|KiB|MiB|GiB)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MemorySize();

    public string Path { get; }

    public string Describe => "duckdb://" + Path;

    public TimeSpan TimestampResolution => TimeSpan.FromTicks(10);

    /// <summary>DuckDB's TIMESTAMP and DATE span far more than .NET's 0001 to 9999: every value is stored.</summary>
    public Stratum.Reading.TimestampRange TimestampRange => Stratum.Reading.TimestampRange.All;

    public Stratum.Reading.DateRange DateRange => Stratum.Reading.DateRange.All;

    public Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken)
        => RunAsync(async c =>
        {
            var layout = new TableLayout(contract);
            var existing = await ExistingColumnsAsync(c, contract.Table, cancellationToken);
            if (existing.Count == 0)
            {
                var cols = layout.Columns.Select(col => $"{Quote(col.Name)} {DuckDbTypes.Sql(col.Type)}{(col.Nullable ? "" : " NOT NULL")}");
                await using var tx = await c.BeginTransactionAsync(cancellationToken);
                await ExecAsync(c, $"CREATE TABLE IF NOT EXISTS {Quote(contract.Table)} ({string.Join(", ", cols)})", cancellationToken);
                await ContractTable.WriteAsync(c, contract, StoredContract.Origins.Created, null, cancellationToken);
                await tx.CommitAsync(cancellationToken);
                return;
            }
            var differences = new List<string>();
            foreach (var col in layout.Columns)
            {
                if (!existing.TryGetValue(col.Name.Value, out var type))
                {
                    differences.Add($"column '{col.Name}' ({DuckDbTypes.Sql(col.Type)}) is in the contract but not in the table");
                }
                else if (!string.Equals(type, DuckDbTypes.Sql(col.Type), StringComparison.OrdinalIgnoreCase))
                {
                    differences.Add($"column '{col.Name}' is {type} in the table but {DuckDbTypes.Sql(col.Type)} in the contract");
                }
            }
            foreach (var name in existing.Keys.Where(n => !layout.Columns.Any(c => c.Name.Value == n)))
            {
                differences.Add($"column '{name}' ({existing[name]}) is in the table but not in the contract");
            }
            if (differences.Count > 0)
            {
                throw new SchemaDriftException(contract.Table.Value, differences);
            }
        }, cancellationToken);

    public Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken)
        => RunAsync(async c => (await ContractTable.ReadAllAsync(c, table, cancellationToken)).FirstOrDefault(), cancellationToken);

    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken)
        => RunAsync(c => ContractTable.WriteAsync(c, contract, origin, null, cancellationToken), cancellationToken);

    /// <summary>Every contract stored with the table, newest first (a migration's restore goes back one).</summary>
    public Task<IReadOnlyList<StoredContract>> ContractHistoryAsync(Identifier table, CancellationToken cancellationToken)
        => RunAsync(c => ContractTable.ReadAllAsync(c, table, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
        => RunAsync<IReadOnlyList<VersionRow>>(async c =>
        {
            if (keys.Count == 0)
            {
                return [];
            }
            return await ReadHistoryAsync(c, contract, tenant, keys, cancellationToken);
        }, cancellationToken);

    private static async Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(DuckDBConnection c, TableContract contract, TenantId tenant, IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
    {
        var layout = new TableLayout(contract);
        var keyTable = await CreateKeyTableAsync(c, contract, keys, cancellationToken);
        var keyList = string.Join(", ", contract.Key.Select(Quote));
        var rows = await SelectAsync(c, layout,
            $"SELECT {layout.SelectList} FROM {Quote(contract.Table)} WHERE {Quote(contract.ScdColumns.TenantId)} = $tenant AND ({keyList}) IN (SELECT {keyList} FROM {keyTable})",
            tenant, cancellationToken);
        await ExecAsync(c, $"DROP TABLE {keyTable}", cancellationToken);
        return rows;
    }

    public Task<IReadOnlyList<VersionRow>> ReadAllAsync(TableContract contract, TenantId tenant, CancellationToken cancellationToken)
        => RunAsync<IReadOnlyList<VersionRow>>(c =>
        {
            var layout = new TableLayout(contract);
            return SelectAsync(c, layout, $"SELECT {layout.SelectList} FROM {Quote(contract.Table)} WHERE {Quote(contract.ScdColumns.TenantId)} = $tenant", tenant, cancellationToken);
        }, cancellationToken);

    public Task<TableStats> GetStatsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => RunAsync(async c =>
        {
            var scd = contract.ScdColumns;
            var where = tenant is null ? "" : $" WHERE {Quote(scd.TenantId)} = $tenant";
            var keyList = string.Join(", ", [Quote(scd.TenantId), .. contract.Key.Select(Quote)]);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                SELECT count(*), count(*) FILTER (WHERE {Quote(scd.IsCurrent)}), max({Quote(scd.EffectiveDate)}),
                       (SELECT count(*) FROM (SELECT DISTINCT {keyList} FROM {Quote(contract.Table)}{where}))
                FROM {Quote(contract.Table)}{where}
                """;
            if (tenant is { } t)
            {
                cmd.Parameters.Add(new DuckDBParameter("tenant", t.Value));
            }
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            return new TableStats(r.GetInt64(0), r.GetInt64(1), r.GetInt64(3), r.IsDBNull(2) ? null : DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc));
        }, cancellationToken);

    /// <summary>From the audit's definitions (<see cref="Stratum.Audit.Sql.SqlTableAuditor.CountProblemsAsync"/>).</summary>
    public Task<InvariantCounts> CountProblemsAsync(TableContract contract, TenantId? tenant, CancellationToken cancellationToken)
        => new Audit.DuckDbTableAuditor(this).CountProblemsAsync(contract, tenant, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken)
        => RunAsync(c => ExecAsync(c, "SELECT 1", cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs SQL the caller built from validated identifiers (used by audit and repair).</summary>
    public Task<T> WithConnectionAsync<T>(Func<DuckDBConnection, Task<T>> work, CancellationToken cancellationToken) => RunAsync(work, cancellationToken);

    /// <summary>Where each stream's highest publishing lease token is kept, in the warehouse file itself.</summary>
    public const string FenceTable = "stratum_fences";

    /// <summary>The highest lease token that has published the stream, or null when none has.</summary>
    public Task<long?> PublishedTokenAsync(StreamId stream, CancellationToken cancellationToken)
        => RunAsync<long?>(async c =>
        {
            if ((await ExistingColumnsAsync(c, Identifier.Parse(FenceTable), cancellationToken)).Count == 0)
            {
                return null;
            }
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT token FROM {FenceTable} WHERE stream = $stream";
            cmd.Parameters.Add(new DuckDBParameter("stream", stream.Key));
            return await cmd.ExecuteScalarAsync(cancellationToken) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        }, cancellationToken);

    /// <summary>Inside the publish transaction: refuse a lower token than the stream's, else write this one.</summary>
    private static async Task RaiseFenceAsync(DuckDBConnection c, PublishFence fence, CancellationToken ct)
    {
        await using (var read = c.CreateCommand())
        {
            read.CommandText = $"SELECT token FROM {FenceTable} WHERE stream = $stream";
            read.Parameters.Add(new DuckDBParameter("stream", fence.Stream.Key));
            if (await read.ExecuteScalarAsync(ct) is { } v and not DBNull && Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) is var published && published > fence.Token)
            {
                throw new StalePublishException(fence.Stream, fence.Token, $"is older than token {published}, which has already published (table {FenceTable}; if the state store was recreated its tokens started again from 1: delete the stream's row there once no old worker runs)");
            }
        }
        await using var write = c.CreateCommand();
        write.CommandText = $"INSERT INTO {FenceTable} (stream, token) VALUES ($stream, $token) ON CONFLICT (stream) DO UPDATE SET token = excluded.token";
        write.Parameters.Add(new DuckDBParameter("stream", fence.Stream.Key));
        write.Parameters.Add(new DuckDBParameter("token", fence.Token));
        await write.ExecuteNonQueryAsync(ct);
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private async Task<T> RunAsync<T>(Func<DuckDBConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var c = new DuckDBConnection(_connectionString);
            await c.OpenAsync(ct);
            return await work(c);
        }
        catch (DuckDBException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>A busy file or a write conflict is <see cref="ResourceBusyException"/> (the caller may retry); anything else is the warehouse's error.</summary>
    private StratumException Translate(DuckDBException e) => IsBusy(e)
        ? new ResourceBusyException($"the warehouse file {Path}", e.Message, e)
        : new StratumException($"warehouse {Path}: {e.Message}", isTransient: false, e);

    private Task RunAsync(Func<DuckDBConnection, Task> work, CancellationToken ct)
        => RunAsync<bool>(async c =>
        {
            await work(c);
            return true;
        }, ct);

    /// <summary>The file is locked by another process, or two writers in this process conflicted.</summary>
    private static bool IsBusy(DuckDBException e)
        => e.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase)
           || e.Message.Contains("Conflict", StringComparison.OrdinalIgnoreCase)
           || e.Message.Contains("lock on file", StringComparison.OrdinalIgnoreCase);

    private static async Task ExecAsync(DuckDBConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Dictionary<string, string>> ExistingColumnsAsync(DuckDBConnection c, Identifier table, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t";
        cmd.Parameters.Add(new DuckDBParameter("t", table.Value));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[r.GetString(0)] = r.GetString(1);
        }
        return result;
    }

    /// <summary>The keys as data: a temporary table filled through the appender, never a literal list.</summary>
    private static async Task<string> CreateKeyTableAsync(DuckDBConnection c, TableContract contract, IReadOnlyCollection<RowKey> keys, CancellationToken ct)
    {
        var name = $"keys_{Guid.NewGuid():N}";
        var cols = contract.Key.Select(k => $"{Quote(k)} {DuckDbTypes.Sql(contract.Column(k.Value).Type)}");
        await ExecAsync(c, $"CREATE TEMP TABLE {name} ({string.Join(", ", cols)})", ct);
        using var appender = c.CreateAppender("temp", "main", name);
        var types = contract.Key.Select(k => contract.Column(k.Value).Type).ToArray();
        foreach (var key in keys)
        {
            var row = appender.CreateRow();
            for (var i = 0; i < types.Length; i++)
            {
                TableLayout.AppendValue(row, types[i], key.Values[i]);
            }
            row.EndRow();
        }
        return name;
    }

    private static async Task<IReadOnlyList<VersionRow>> SelectAsync(DuckDBConnection c, TableLayout layout, string sql, TenantId tenant, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.Add(new DuckDBParameter("tenant", tenant.Value));
        var rows = new List<VersionRow>();
        await using DbDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(layout.Read(r));
        }
        return rows;
    }
}
