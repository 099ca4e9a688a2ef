using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Stratum.Names;
using Stratum.Planning;
using Stratum.State;

namespace Stratum.Sqlite;

/// <summary>
/// The embedded state store: one SQLite file in WAL mode, safe across threads and processes
/// (tables <c>leases</c>, <c>ledger</c>, <c>runs</c>, <c>breakers</c>; a store made before a table
/// existed gets it on the first <see cref="EnsureCreatedAsync"/>).
/// Every change runs in one <c>BEGIN IMMEDIATE</c> transaction (the writer lock is taken first, so
/// check-then-write cannot interleave) and holds no lock across I/O of another store, so
/// transactions stay short; a busy database is waited for up to the busy timeout (5 s by default),
/// then reported as <see cref="ResourceBusyException"/>, which the loader retries within its lease's
/// time. Every SQLite failure leaves this class as a <see cref="StratumException"/>, never raw.
/// Times are stored as Unix milliseconds.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _clock;

    public SqliteStateStore(string path, TimeProvider clock, TimeSpan? busyTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)(busyTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds),
        }.ToString();
        _clock = clock;
    }

    public string Path { get; }

    public string Describe => "sqlite://" + Path;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => TranslatedAsync(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        await using (var probe = Command(c, null, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('leases', 'ledger', 'runs', 'breakers')"))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is 4L)
            {
                return true; // already there: no write lock taken, so a busy store does not stop a worker starting
            }
        }
        await ExecAsync(c, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await ExecAsync(c, tx, """
            CREATE TABLE IF NOT EXISTS leases (
                stream     TEXT PRIMARY KEY,
                owner      TEXT,
                token      INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS ledger (
                stream       TEXT NOT NULL,
                identity     TEXT NOT NULL,
                key          TEXT NOT NULL,
                status       TEXT NOT NULL,
                rows         INTEGER NOT NULL,
                load_id      TEXT NOT NULL,
                recorded_at  INTEGER NOT NULL,
                reason       TEXT,
                newest_event INTEGER,
                PRIMARY KEY (stream, identity)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS runs (
                load_id  TEXT NOT NULL,
                stream   TEXT NOT NULL,
                finished INTEGER NOT NULL,
                record   TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS runs_by_time ON runs (finished);
            CREATE INDEX IF NOT EXISTS runs_by_stream ON runs (stream, finished);
            CREATE TABLE IF NOT EXISTS breakers (
                stream      TEXT PRIMARY KEY,
                failures    INTEGER NOT NULL,
                opened_at   INTEGER,
                open_until  INTEGER,
                backoff_ms  INTEGER NOT NULL,
                trial_owner TEXT,
                trial_until INTEGER,
                last_error  TEXT,
                changed_at  INTEGER,
                version     INTEGER NOT NULL
            );
            """, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    });

    public Task<Lease?> TryAcquireLeaseAsync(StreamId stream, string owner, TimeSpan ttl, CancellationToken cancellationToken)
        => InTransactionAsync<Lease?>(async (c, tx) =>
        {
            var now = Now();
            var current = await ReadLeaseAsync(c, tx, stream.Key, cancellationToken);
            if (current is { } l && l.Owner is not null && l.ExpiresAt > now)
            {
                return null; // held, and not expired
            }
            var token = (current?.Token ?? 0) + 1;
            var expires = now + (long)ttl.TotalMilliseconds;
            await ExecAsync(c, tx, """
                INSERT INTO leases (stream, owner, token, expires_at) VALUES ($s, $o, $t, $e)
                ON CONFLICT (stream) DO UPDATE SET owner = $o, token = $t, expires_at = $e
                """, cancellationToken, ("$s", stream.Key), ("$o", owner), ("$t", token), ("$e", expires));
            return new Lease(stream, owner, token, FromMs(expires));
        }, cancellationToken);

    public Task<Lease?> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken)
        => InTransactionAsync<Lease?>(async (c, tx) =>
        {
            var expires = Now() + (long)ttl.TotalMilliseconds;
            var n = await ExecAsync(c, tx, "UPDATE leases SET expires_at = $e WHERE stream = $s AND owner = $o AND token = $t",
                cancellationToken, ("$e", expires), ("$s", lease.Stream.Key), ("$o", lease.Owner), ("$t", lease.Token));
            return n == 1 ? lease with { ExpiresAt = FromMs(expires) } : null;
        }, cancellationToken);

    public Task ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken)
        => InTransactionAsync(async (c, tx) =>
        {
            // The token stays: the next holder gets a larger one.
            await ExecAsync(c, tx, "UPDATE leases SET owner = NULL, expires_at = 0 WHERE stream = $s AND owner = $o AND token = $t",
                cancellationToken, ("$s", lease.Stream.Key), ("$o", lease.Owner), ("$t", lease.Token));
            return true;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, LedgerEntry>> GetLedgerAsync(StreamId stream, CancellationToken cancellationToken) => TranslatedAsync<IReadOnlyDictionary<string, LedgerEntry>>(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var cmd = Command(c, null, "SELECT identity, key, status, rows, load_id, recorded_at, reason, newest_event FROM ledger WHERE stream = $s", ("$s", stream.Key));
        var result = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var entry = new LedgerEntry(
                r.GetString(0), r.GetString(1),
                Enum.Parse<FileStatus>(r.GetString(2)),
                r.GetInt64(3), r.GetString(4), FromMs(r.GetInt64(5)),
                r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : FromMs(r.GetInt64(7)));
            result[entry.Identity] = entry;
        }
        return result;
    });

    public Task<bool> RecordAsync(Lease lease, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
        => InTransactionAsync(async (c, tx) =>
        {
            await using (var check = Command(c, tx, "SELECT token FROM leases WHERE stream = $s AND owner = $o", ("$s", lease.Stream.Key), ("$o", lease.Owner)))
            {
                if (await check.ExecuteScalarAsync(cancellationToken) is not long token || token != lease.Token)
                {
                    return false; // fenced: someone else holds the stream now
                }
            }
            await using var insert = Command(c, tx, """
                INSERT INTO ledger (stream, identity, key, status, rows, load_id, recorded_at, reason, newest_event)
                VALUES ($s, $i, $k, $st, $r, $l, $at, $why, $ne)
                ON CONFLICT (stream, identity) DO NOTHING
                """);
            foreach (var e in entries)
            {
                insert.Parameters.Clear();
                Bind(insert, ("$s", lease.Stream.Key), ("$i", e.Identity), ("$k", e.Key), ("$st", e.Status.ToString()), ("$r", e.Rows),
                    ("$l", e.LoadId), ("$at", ToMs(e.RecordedAt)), ("$why", e.Reason), ("$ne", e.NewestEventTime is { } t ? ToMs(t) : null));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return true;
        }, cancellationToken);

    public Task<int> ReadmitAsync(StreamId stream, IReadOnlyCollection<string>? identities, CancellationToken cancellationToken)
        => InTransactionAsync(async (c, tx) =>
        {
            if (identities is null)
            {
                return await ExecAsync(c, tx, "DELETE FROM ledger WHERE stream = $s AND status = 'Quarantined'", cancellationToken, ("$s", stream.Key));
            }
            var n = 0;
            foreach (var id in identities)
            {
                n += await ExecAsync(c, tx, "DELETE FROM ledger WHERE stream = $s AND identity = $i AND status = 'Quarantined'", cancellationToken, ("$s", stream.Key), ("$i", id));
            }
            return n;
        }, cancellationToken);

    public Task AppendRunAsync(RunRecord run, CancellationToken cancellationToken)
        => InTransactionAsync(async (c, tx) =>
        {
            await ExecAsync(c, tx, "INSERT INTO runs (load_id, stream, finished, record) VALUES ($l, $s, $f, $r)", cancellationToken,
                ("$l", run.LoadId), ("$s", run.Stream.Key), ("$f", ToMs(run.Finished)), ("$r", RunRecordJson.Serialize(run)));
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(StreamId? stream, DateTimeOffset since, CancellationToken cancellationToken) => TranslatedAsync<IReadOnlyList<RunRecord>>(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var cmd = stream is { } s
            ? Command(c, null, "SELECT record FROM runs WHERE stream = $s AND finished >= $f ORDER BY finished DESC, rowid DESC", ("$s", s.Key), ("$f", ToMs(since)))
            : Command(c, null, "SELECT record FROM runs WHERE finished >= $f ORDER BY finished DESC, rowid DESC", ("$f", ToMs(since)));
        var runs = new List<RunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(RunRecordJson.Deserialize(r.GetString(0)));
        }
        return runs;
    });

    public Task<IReadOnlyList<StreamId>> ListStreamsAsync(CancellationToken cancellationToken) => TranslatedAsync<IReadOnlyList<StreamId>>(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var cmd = Command(c, null, "SELECT stream FROM ledger UNION SELECT stream FROM runs UNION SELECT stream FROM leases UNION SELECT stream FROM breakers ORDER BY 1");
        var result = new List<StreamId>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(ParseStream(r.GetString(0)));
        }
        return result;
    });

    private const string BreakerColumns = "stream, failures, opened_at, open_until, backoff_ms, trial_owner, trial_until, last_error, changed_at, version";

    public Task<BreakerState> GetBreakerAsync(StreamId stream, CancellationToken cancellationToken) => TranslatedAsync(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReadBreakerAsync(c, null, stream, cancellationToken) ?? BreakerState.Closed(stream);
    });

    /// <summary>Reads the version and writes in one <c>BEGIN IMMEDIATE</c> transaction, so the check and the write cannot interleave with another's.</summary>
    public Task<BreakerState?> TryWriteBreakerAsync(BreakerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return InTransactionAsync<BreakerState?>(async (c, tx) =>
        {
            var stored = await ReadBreakerAsync(c, tx, state.Stream, cancellationToken);
            if ((stored?.Version ?? 0) != state.Version)
            {
                return null; // another writer got there first
            }
            var written = state with { Version = state.Version + 1 };
            await ExecAsync(c, tx, $"""
                INSERT INTO breakers ({BreakerColumns}) VALUES ($s, $f, $oa, $ou, $b, $to, $tu, $e, $ca, $v)
                ON CONFLICT (stream) DO UPDATE SET failures = $f, opened_at = $oa, open_until = $ou, backoff_ms = $b,
                    trial_owner = $to, trial_until = $tu, last_error = $e, changed_at = $ca, version = $v
                """, cancellationToken,
                ("$s", written.Stream.Key), ("$f", written.ConsecutiveFailures), ("$oa", Ms(written.OpenedAt)), ("$ou", Ms(written.OpenUntil)),
                ("$b", (long)written.Backoff.TotalMilliseconds), ("$to", written.TrialOwner), ("$tu", Ms(written.TrialUntil)),
                ("$e", written.LastError), ("$ca", Ms(written.ChangedAt)), ("$v", written.Version));
            return written;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<BreakerState>> ListOpenBreakersAsync(CancellationToken cancellationToken) => TranslatedAsync<IReadOnlyList<BreakerState>>(async () =>
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var cmd = Command(c, null, $"SELECT {BreakerColumns} FROM breakers WHERE open_until IS NOT NULL ORDER BY stream");
        var result = new List<BreakerState>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(ReadBreaker(r, ParseStream(r.GetString(0))));
        }
        return result;
    });

    private static async Task<BreakerState?> ReadBreakerAsync(SqliteConnection c, SqliteTransaction? tx, StreamId stream, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, $"SELECT {BreakerColumns} FROM breakers WHERE stream = $s", ("$s", stream.Key));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadBreaker(r, stream) : null;
    }

    private static BreakerState ReadBreaker(SqliteDataReader r, StreamId stream) => new()
    {
        Stream = stream,
        ConsecutiveFailures = r.GetInt32(1),
        OpenedAt = r.IsDBNull(2) ? null : FromMs(r.GetInt64(2)),
        OpenUntil = r.IsDBNull(3) ? null : FromMs(r.GetInt64(3)),
        Backoff = TimeSpan.FromMilliseconds(r.GetInt64(4)),
        TrialOwner = r.IsDBNull(5) ? null : r.GetString(5),
        TrialUntil = r.IsDBNull(6) ? null : FromMs(r.GetInt64(6)),
        LastError = r.IsDBNull(7) ? null : r.GetString(7),
        ChangedAt = r.IsDBNull(8) ? null : FromMs(r.GetInt64(8)),
        Version = r.GetInt64(9),
    };

    private static StreamId ParseStream(string key)
    {
        var parts = key.Split('/');
        return new StreamId(TenantId.Parse(parts[0]), Identifier.Parse(parts[1]));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static long? Ms(DateTimeOffset? t) => t is { } v ? ToMs(v) : null;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct);
            return c;
        }
        catch (SqliteException e)
        {
            await c.DisposeAsync();
            throw Translate(e);
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken ct)
    {
        try
        {
            await using var c = await OpenAsync(ct);
            await using var tx = c.BeginTransaction(deferred: false); // BEGIN IMMEDIATE
            var result = await work(c, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    private static async Task<(long Token, string? Owner, long ExpiresAt)?> ReadLeaseAsync(SqliteConnection c, SqliteTransaction tx, string stream, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, "SELECT token, owner, expires_at FROM leases WHERE stream = $s", ("$s", stream));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }
        return (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2));
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        Bind(cmd, args);
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] args)
    {
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static async Task<int> ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<T> TranslatedAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Busy and locked are transient (another process holds the write lock); the rest are not.</summary>
    private StratumException Translate(SqliteException e)
    {
        var busy = e.SqliteErrorCode is 5 or 6 || e.SqliteExtendedErrorCode is 261 or 517; // SQLITE_BUSY, SQLITE_LOCKED (+ recovery/snapshot)
        return busy
            ? new ResourceBusyException($"the state store {Path}", e.Message, e)
            : new StratumException($"state store {Path}: {e.Message}", isTransient: false, e);
    }
}
