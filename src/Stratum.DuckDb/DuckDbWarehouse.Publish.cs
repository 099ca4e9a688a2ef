using DuckDB.NET.Data;
using Stratum.Contracts;
using Stratum.Names;
using Stratum.Planning;
using Stratum.Warehouse;
using static Stratum.Sql.SqlText;

namespace Stratum.DuckDb;

public sealed partial class DuckDbWarehouse
{
    /// <summary>
    /// One transaction: with a fence, first the stream's row of <c>stratum_fences</c> — refused when
    /// it holds a higher token, else raised to this one — then delete the changed keys' history
    /// and insert the new one. Two publishers of one stream write the same fence row, so whichever
    /// commits second conflicts and retries, then finds the higher token; a worker that lost its
    /// lease and publishes late is refused (docs/architecture.md, "The fenced publish").
    /// <para>
    /// In parts: at the first chunk with changes, one connection and one
    /// transaction for the rest of the publication, the fence raised first; each chunk deletes its
    /// keys' history (when the tenant had rows as the transaction began) and inserts the new one inside it, and later history reads see the
    /// transaction's snapshot. Nothing is visible to other connections until the commit; a
    /// publication with no changes opens nothing.
    /// </para>
    /// </summary>
    public Task<IPublication> BeginPublishAsync(TableContract contract, TenantId tenant, PublishFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Task.FromResult<IPublication>(new Publication(this, contract, tenant, fence));
    }

    private sealed class Publication(DuckDbWarehouse warehouse, TableContract contract, TenantId tenant, PublishFence? fence) : IPublication
    {
        private readonly TableLayout _layout = new(contract);
        private DuckDBConnection? _connection;
        private System.Data.Common.DbTransaction? _tx;
        private bool _committed;
        private bool _tenantHadRows;

        /// <remarks>
        /// Inside the transaction, when the tenant had no rows at its start (an initial load) the
        /// only rows it has are the ones added here, of other keys: nothing to read.
        /// </remarks>
        public Task<IReadOnlyList<VersionRow>> ReadHistoryAsync(IReadOnlyCollection<RowKey> keys, CancellationToken cancellationToken)
            => _connection is { } c
                ? Guard(() => keys.Count == 0 || !_tenantHadRows ? Task.FromResult<IReadOnlyList<VersionRow>>([]) : DuckDbWarehouse.ReadHistoryAsync(c, contract, tenant, keys, cancellationToken))
                : warehouse.ReadHistoryAsync(contract, tenant, keys, cancellationToken);

        private async Task<DuckDBConnection> StartAsync(CancellationToken cancellationToken)
        {
            var c = new DuckDBConnection(warehouse._connectionString);
            _connection = c; // disposed with the publication from here on
            await c.OpenAsync(cancellationToken);
            if (fence is not null)
            {
                await ExecAsync(c, $"CREATE TABLE IF NOT EXISTS {FenceTable} (stream VARCHAR PRIMARY KEY, token BIGINT NOT NULL)", cancellationToken);
            }
            _tx = await c.BeginTransactionAsync(cancellationToken);
            if (fence is not null)
            {
                await RaiseFenceAsync(c, fence, cancellationToken);
            }
            await using (var count = c.CreateCommand())
            {
                count.CommandText = $"SELECT EXISTS (SELECT 1 FROM {Quote(contract.Table)} WHERE {Quote(contract.ScdColumns.TenantId)} = $tenant)";
                count.Parameters.Add(new DuckDBParameter("tenant", tenant.Value));
                _tenantHadRows = await count.ExecuteScalarAsync(cancellationToken) is true;
            }
            return c;
        }

        public Task AddAsync(IReadOnlyList<KeyPlan> changed, CancellationToken cancellationToken) => Guard(async () =>
        {
            ArgumentNullException.ThrowIfNull(changed);
            if (changed.Count == 0)
            {
                return true;
            }
            var c = _connection ?? await StartAsync(cancellationToken);
            var stage = $"stage_{Guid.NewGuid():N}";
            // The stage in the layout's column order (the appender writes in it), whatever the table's own
            // order: a migration adds columns at the end.
            await ExecAsync(c, $"CREATE TEMP TABLE {stage} AS SELECT {_layout.SelectList} FROM {Quote(contract.Table)} LIMIT 0", cancellationToken);
            using (var appender = c.CreateAppender("temp", "main", stage))
            {
                foreach (var row in changed.SelectMany(k => k.Rows))
                {
                    _layout.Append(appender.CreateRow(), tenant, row).EndRow();
                }
            }
            if (_tenantHadRows)
            {
                // The keys' rows as the transaction began (a key is added once per publication); an initial load has none.
                var keyTable = await CreateKeyTableAsync(c, contract, [.. changed.Select(k => k.Key)], cancellationToken);
                var keyList = string.Join(", ", contract.Key.Select(Quote));
                await using (var delete = c.CreateCommand())
                {
                    delete.CommandText = $"DELETE FROM {Quote(contract.Table)} WHERE {Quote(contract.ScdColumns.TenantId)} = $tenant AND ({keyList}) IN (SELECT {keyList} FROM {keyTable})";
                    delete.Parameters.Add(new DuckDBParameter("tenant", tenant.Value));
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }
                await ExecAsync(c, $"DROP TABLE {keyTable}", cancellationToken);
            }
            await ExecAsync(c, $"INSERT INTO {Quote(contract.Table)} ({_layout.SelectList}) SELECT {_layout.SelectList} FROM {stage}", cancellationToken);
            await ExecAsync(c, $"DROP TABLE {stage}", cancellationToken);
            return true;
        });

        public Task CommitAsync(CancellationToken cancellationToken) => Guard(async () =>
        {
            if (_tx is null)
            {
                return true; // nothing changed
            }
            await _tx.CommitAsync(cancellationToken);
            _committed = true;
            return true;
        });

        private async Task<T> Guard<T>(Func<Task<T>> step)
        {
            try
            {
                return await step();
            }
            catch (DuckDBException e)
            {
                throw warehouse.Translate(e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_tx is not null && !_committed)
                {
                    await _tx.RollbackAsync();
                }
            }
            catch (DuckDBException)
            {
                // A failed commit has rolled back already; closing the connection ends the transaction anyway.
            }
            finally
            {
                if (_tx is not null)
                {
                    await _tx.DisposeAsync();
                }
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }
            }
        }
    }
}
