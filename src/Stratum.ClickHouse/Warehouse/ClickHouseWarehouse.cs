using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stratum.ClickHouse.Client;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Sql;
using Stratum.Warehouse;

namespace Stratum.ClickHouse.Warehouse;

/// <summary>
/// The ClickHouse warehouse. Each target table is partitioned by tenant; a publish builds the
/// tenant's whole new partition in a uniquely named staging table (unaffected keys copied on the
/// server, changed keys streamed from the plan) and swaps it in with one
/// <c>ALTER TABLE … REPLACE PARTITION</c>, so readers see the old partition or the new one, never
/// a part of a load. History reads ship the wanted keys as data with the query.
/// </summary>
public sealed partial class ClickHouseWarehouse : IWarehouse
{
    private readonly ClickHouseClient _client;
    private readonly ILogger _log;
    private (ServerVersion Version, bool DateTime64)? _server;

    private ClickHouseWarehouse(ClickHouseClient client, ILogger log)
    {
        _client = client;
        _log = log;
    }

    /// <summary>A warehouse that connects on first use (the CLI's factory is synchronous).</summary>
    public static ClickHouseWarehouse Create(ClickHouseOptions options, TimeProvider? timeProvider, ILogger? logger)
        => Create(options, timeProvider, logger, null);

    /// <summary>With a handler of the caller's (tests record the statements sent).</summary>
    internal static ClickHouseWarehouse Create(ClickHouseOptions options, TimeProvider? timeProvider, ILogger? logger, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = logger ?? NullLogger.Instance;
        return new ClickHouseWarehouse(new ClickHouseClient(options, timeProvider, log, handler), log);
    }

    /// <summary>Connects, asks the server's version once and decides the timestamp type from it.</summary>
    public static async Task<ClickHouseWarehouse> OpenAsync(ClickHouseOptions options, TimeProvider? timeProvider, ILogger? logger, CancellationToken cancellationToken)
    {
        var warehouse = Create(options, timeProvider, logger);
        try
        {
            await warehouse.ConnectAsync(cancellationToken);
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the warehouse a CLI URL names (see <see cref="ClickHouseUrl"/>).</summary>
    public static Task<ClickHouseWarehouse> FromUrlAsync(Uri url, TimeProvider? timeProvider, ILogger? logger, CancellationToken cancellationToken)
        => OpenAsync(ClickHouseUrl.Parse(url), timeProvider, logger, cancellationToken);

    /// <summary>Asks the server's version (once) and decides whether timestamps are DateTime64(6).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            return;
        }
        var version = await _client.GetServerVersionAsync(cancellationToken);
        var dateTime64 = _client.Options.UseDateTime64 ?? version.SupportsDateTime64;
        if (dateTime64 && !version.SupportsDateTime64)
        {
            throw new StratumException($"ClickHouse {version} has no DateTime64; leave UseDateTime64 unset or false");
        }
        _server = (version, dateTime64);
    }

    public string Describe => _client.Options.Describe + (_server is { } s ? $", server {s.Version}" : "");

    /// <summary>The server's version; connects first when not yet connected.</summary>
    public ServerVersion ServerVersion => Server.Version;

    public bool UsesDateTime64 => Server.DateTime64;

    /// <summary>1 µs with DateTime64(6), else 1 s. Read before any async call, it connects synchronously.</summary>
    public TimeSpan TimestampResolution => UsesDateTime64 ? TimeSpan.FromTicks(10) : TimeSpan.FromSeconds(1);

    /// <summary>
    /// DateTime (UInt32 seconds): 1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z. DateTime64(6):
    /// 1925-01-01 to 2283-11-11 (the range servers since 21.4 support; a newer server's wider one is
    /// not relied on); a server with DateTime64 before 21.4 gets DateTime's range.
    /// </summary>
    public Stratum.Reading.TimestampRange TimestampRange => UsesDateTime64 && Server.Version.AtLeast(21, 4)
        ? new(new DateTime(1925, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2283, 11, 11, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990))
        : new(DateTime.UnixEpoch, DateTime.UnixEpoch.AddSeconds(uint.MaxValue));

    /// <summary>Date (UInt16 days): 1970-01-01 to 2149-06-06.</summary>
    public Stratum.Reading.DateRange DateRange { get; } = new(DateOnly.FromDateTime(DateTime.UnixEpoch), DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays(ushort.MaxValue));

    private (ServerVersion Version, bool DateTime64) Server
    {
        get
        {
            if (_server is null)
            {
                ConnectAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            return _server!.Value;
        }
    }

    public Identifier Database => _client.Options.Database;

    /// <summary>The client, for tools and tests that need plain SQL.</summary>
    public ClickHouseClient Client => _client;

    /// <summary>Test hook: runs after the staging table is filled and before the swap.</summary>
    internal Func<Identifier, CancellationToken, Task>? BeforeSwap { get; set; }

    public TableLayout Layout(TableContract contract) => new(contract, UsesDateTime64);

    private async Task<TableLayout> LayoutAsync(TableContract contract, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        return Layout(contract);
    }

    public string Qualified(Identifier table) => $"{SqlText.Quote(Database)}.{SqlText.Quote(table)}";

    public async Task EnsureTableAsync(TableContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var layout = await LayoutAsync(contract, cancellationToken);
        await _client.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {SqlText.Quote(Database)}", cancellationToken);
        if (await DescribeTableAsync(contract.Table, cancellationToken) is null)
        {
            await _client.ExecuteAsync(layout.CreateTableSql(Qualified(contract.Table)), cancellationToken);
            // ClickHouse has no transactions: a crash between the two leaves a table without a stored
            // contract, which the next load records as its first (the same contract, trusted).
            await StoreContractAsync(contract, StoredContract.Origins.Created, cancellationToken);
        }
        var differences = await DiffAsync(contract, cancellationToken);
        if (differences.Count > 0)
        {
            throw new SchemaDriftException($"{Database}.{contract.Table}", differences);
        }
        await SweepStagingAsync(_client.Options.StagingMaxAge, cancellationToken);
    }

    private const string ContractsTable = "stratum_contracts";

    /// <summary><c>stratum_contracts</c>: one row per contract stored with a table; the newest (by
    /// <c>stored_at_us</c>) is the table's. A MergeTree without transactions, written with one INSERT.</summary>
    public async Task<StoredContract?> ReadContractAsync(Identifier table, CancellationToken cancellationToken)
        => (await ContractHistoryAsync(table, cancellationToken)).FirstOrDefault();

    /// <summary>Every contract stored with the table, newest first (a migration's restore goes back one).</summary>
    public async Task<IReadOnlyList<StoredContract>> ContractHistoryAsync(Identifier table, CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken);
        if (await DescribeTableAsync(Identifier.Parse(ContractsTable), cancellationToken) is null)
        {
            return [];
        }
        var rows = await _client.QueryTsvAsync(
            $"SELECT table_name, fingerprint, contract, stored_at_us, origin, cleanup_id FROM {Qualified(Identifier.Parse(ContractsTable))} "
            + $"WHERE table_name = {ClickHouseSqlText.ClickHouseString(table.Value)} ORDER BY stored_at_us DESC", null, cancellationToken);
        return [.. rows.Rows.Select(r => new StoredContract(r[0] ?? "", r[1] ?? "", r[2] ?? "",
            DateTime.UnixEpoch.AddTicks(long.Parse(r[3] ?? "0", System.Globalization.CultureInfo.InvariantCulture) * 10), r[4] ?? "", string.IsNullOrEmpty(r[5]) ? null : r[5]))];
    }

    public Task StoreContractAsync(TableContract contract, string origin, CancellationToken cancellationToken)
        => StoreContractAsync(contract, origin, null, cancellationToken);

    /// <summary>Stores the contract; a migration (or its restore) keeps its cleanup id with it.</summary>
    public async Task StoreContractAsync(TableContract contract, string origin, string? cleanupId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(origin);
        await ConnectAsync(cancellationToken);
        var name = Qualified(Identifier.Parse(ContractsTable));
        await _client.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {name} (table_name String, fingerprint String, contract String, stored_at_us Int64, "
            + "origin String, cleanup_id String) ENGINE = MergeTree ORDER BY (table_name, stored_at_us)", cancellationToken);
        var text = ContractFingerprint.CanonicalText(contract);
        var at = (_client.Time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        await _client.ExecuteAsync($"INSERT INTO {name} (table_name, fingerprint, contract, stored_at_us, origin, cleanup_id) VALUES ("
            + $"{ClickHouseSqlText.ClickHouseString(contract.Table.Value)}, {ClickHouseSqlText.ClickHouseString(ContractFingerprint.OfText(text))}, {ClickHouseSqlText.ClickHouseString(text)}, "
            + $"{at.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {ClickHouseSqlText.ClickHouseString(origin)}, {ClickHouseSqlText.ClickHouseString(cleanupId ?? "")})", cancellationToken);
    }

    /// <summary>How the existing table differs from the contract (empty when it matches; one line when it is missing).</summary>
    public async Task<IReadOnlyList<string>> DiffAsync(TableContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var layout = await LayoutAsync(contract, cancellationToken);
        var shape = await DescribeTableAsync(contract.Table, cancellationToken);
        return shape is null ? [$"table {Database}.{contract.Table} does not exist"] : SchemaDiff.Compare(layout, shape);
    }

    /// <summary>The table's engine, keys and columns, or null when there is no such table.</summary>
    public async Task<TableShape?> DescribeTableAsync(Identifier table, CancellationToken cancellationToken)
    {
        var where = $"database = {ClickHouseSqlText.ClickHouseString(Database.Value)} AND {{0}} = {ClickHouseSqlText.ClickHouseString(table.Value)}";
        var tables = await _client.QueryTsvAsync(
            $"SELECT engine, partition_key, sorting_key FROM system.tables WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, where, "name")}", null, cancellationToken);
        if (tables.Rows.Count == 0)
        {
            return null;
        }
        var columns = await _client.QueryTsvAsync(
            $"SELECT name, type FROM system.columns WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, where, "table")}", null, cancellationToken);
        var t = tables.Rows[0];
        return new TableShape(t[0] ?? "", t[1] ?? "", t[2] ?? "", [.. columns.Rows.Select(r => (r[0] ?? "", r[1] ?? ""))]);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
