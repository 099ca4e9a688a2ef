using System.Globalization;
using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.Names;

namespace Stratum.DuckDb;

/// <summary>
/// <c>stratum_contracts</c> in the warehouse file: one row each time a table's contract is stored
/// (created, first load of an older table, migration). The row with the highest <c>seq</c> of a
/// table is its contract; earlier rows are what a restore of a migration goes back to. Values are
/// always parameters.
/// </summary>
internal static class ContractTable
{
    public const string Name = "stratum_contracts";

    private const string Create = $"CREATE TABLE IF NOT EXISTS {Name} (seq BIGINT, table_name VARCHAR, fingerprint VARCHAR, contract VARCHAR, "
        + "stored_at TIMESTAMP, origin VARCHAR, cleanup_id VARCHAR)";

    public static async Task WriteAsync(DuckDBConnection c, TableContract contract, string origin, string? cleanupId, CancellationToken ct)
    {
        await ExecAsync(c, Create, ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"INSERT INTO {Name} SELECT coalesce(max(seq), 0) + 1, $t, $f, $c, CAST(current_timestamp AS TIMESTAMP), $o, $id FROM {Name}";
        var text = ContractFingerprint.CanonicalText(contract);
        cmd.Parameters.Add(new DuckDBParameter("t", contract.Table.Value));
        cmd.Parameters.Add(new DuckDBParameter("f", ContractFingerprint.OfText(text)));
        cmd.Parameters.Add(new DuckDBParameter("c", text));
        cmd.Parameters.Add(new DuckDBParameter("o", origin));
        cmd.Parameters.Add(new DuckDBParameter("id", (object?)cleanupId ?? DBNull.Value));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The table's stored contracts, newest first.</summary>
    public static async Task<IReadOnlyList<StoredContract>> ReadAllAsync(DuckDBConnection c, Identifier table, CancellationToken ct)
    {
        await using (var exists = c.CreateCommand())
        {
            exists.CommandText = $"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = '{Name}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT table_name, fingerprint, contract, stored_at, origin, cleanup_id FROM {Name} WHERE table_name = $t ORDER BY seq DESC";
        cmd.Parameters.Add(new DuckDBParameter("t", table.Value));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var result = new List<StoredContract>();
        while (await r.ReadAsync(ct))
        {
            result.Add(new StoredContract(r.GetString(0), r.GetString(1), r.GetString(2), DateTime.SpecifyKind(r.GetDateTime(3), DateTimeKind.Utc), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5)));
        }
        return result;
    }

    /// <summary>Forgets the contract a migration stored (its restore), so the one before it is the table's again.</summary>
    public static async Task DeleteAsync(DuckDBConnection c, Identifier table, string cleanupId, CancellationToken ct)
    {
        await ExecAsync(c, Create, ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DELETE FROM {Name} WHERE table_name = $t AND cleanup_id = $id";
        cmd.Parameters.Add(new DuckDBParameter("t", table.Value));
        cmd.Parameters.Add(new DuckDBParameter("id", cleanupId));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecAsync(DuckDBConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
