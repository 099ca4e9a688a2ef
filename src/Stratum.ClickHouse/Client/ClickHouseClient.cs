using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stratum.ClickHouse.RowBinary;
using Stratum.ClickHouse.Tsv;
using Stratum.Sql;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// ClickHouse's HTTP interface, for every server from 18.16 on. Each call is one POST with
/// <c>wait_end_of_query=1</c> (so a failure mid-query is an error status, never a truncated 200),
/// a query id, settings as URL parameters and a timeout. Results come back as
/// TabSeparatedWithNamesAndTypes (small answers) or RowBinary (rows); inserts stream RowBinary.
/// </summary>
public sealed class ClickHouseClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <summary>The clock the client was given (the system clock unless a test injects one).</summary>
    public TimeProvider Time => _time;
    private readonly ILogger _log;
    private readonly AuthenticationHeaderValue _auth;
    private readonly SemaphoreSlim _versionLock = new(1, 1);
    private ServerVersion? _version;

    public ClickHouseClient(ClickHouseOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
        _http = new HttpClient(handler ?? ClickHouseHandler.Create(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Stratum", "1.0"));
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
    }

    public ClickHouseOptions Options { get; }

    /// <summary>The server's version, asked once (<c>SELECT version()</c>) and remembered.</summary>
    public async Task<ServerVersion> GetServerVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
        {
            return known;
        }
        await _versionLock.WaitAsync(cancellationToken);
        try
        {
            if (_version is null)
            {
                var text = (await QueryTsvAsync("SELECT version()", null, cancellationToken)).Scalar ?? "";
                _version = ServerVersion.Parse(text);
                Log.ServerVersion(_log, Options.Endpoint.GetLeftPart(UriPartial.Authority), text);
            }
            return _version.Value;
        }
        finally
        {
            _versionLock.Release();
        }
    }

    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(sql, null, cancellationToken);

    /// <summary>Runs a statement that returns nothing of interest (DDL, INSERT … SELECT, ALTER).</summary>
    public Task ExecuteAsync(string sql, QueryOptions? options, CancellationToken cancellationToken)
        => SendAsync(sql, null, options, static (s, ct) => s.CopyToAsync(Stream.Null, ct), cancellationToken);

    /// <summary>Runs a query and reads its (small) answer as text.</summary>
    public async Task<TsvResult> QueryTsvAsync(string sql, QueryOptions? options, CancellationToken cancellationToken)
    {
        TsvResult? result = null;
        await SendAsync(sql + "\nFORMAT TabSeparatedWithNamesAndTypes", null, options, async (s, ct) =>
        {
            using var buffer = new MemoryStream();
            await s.CopyToAsync(buffer, ct);
            result = TsvParser.ParseWithNamesAndTypes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }, cancellationToken);
        return result!;
    }

    /// <summary>Runs a query and decodes each RowBinary row of its answer as it arrives.</summary>
    public async Task<List<T>> QueryRowBinaryAsync<T>(string sql, Func<RowBinaryReader, T> readRow, QueryOptions? options, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await SendAsync(sql + "\nFORMAT RowBinary", null, options, (s, ct) => RowBinaryReader.ReadAllAsync(s, readRow, rows.Add, ct), cancellationToken);
        return rows;
    }

    /// <summary>Streams rows into <paramref name="insertSql"/> (<c>INSERT INTO db.t (a, b)</c>) as RowBinary; returns the row count sent.</summary>
    public async Task<long> InsertAsync<T>(string insertSql, IEnumerable<T> rows, Action<RowBinaryWriter, T> writeRow, QueryOptions? options, CancellationToken cancellationToken)
    {
        using var content = new RowBinaryContent<T>(rows, writeRow);
        await SendAsync(insertSql + " FORMAT RowBinary", content, options, static (s, ct) => s.CopyToAsync(Stream.Null, ct), cancellationToken);
        return content.RowsWritten;
    }

    private async Task SendAsync(string sql, HttpContent? data, QueryOptions? options, Func<Stream, CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        options ??= QueryOptions.Default;
        var queryId = options.QueryId ?? "stratum-" + Guid.NewGuid().ToString("N");
        var timeout = options.Timeout ?? Options.QueryTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var started = _time.GetTimestamp();
        Log.QueryStarting(_log, queryId, Abbreviate(sql));
        try
        {
            using var request = BuildRequest(sql, data, options, queryId, timeout);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, body, queryId, linked.Token);
            }
            await read(body, linked.Token);
            Log.QueryDone(_log, queryId, _time.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException e) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.QueryTimedOut(_log, queryId, timeout.TotalSeconds);
            await TryKillAsync(queryId);
            throw new ClickHouseException($"ClickHouse query {queryId} timed out after {timeout.TotalSeconds:0.#} s", null, null, queryId, isTransient: true, e);
        }
        catch (HttpRequestException e)
        {
            var tls = e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError;
            var message = tls
                ? $"TLS to {Options.Endpoint.Host} failed (certificate not trusted{(Options.CaFile is null ? " by the system store; set ca_file" : " by the CA file")}?): {e.Message}"
                : $"cannot reach ClickHouse at {Options.Endpoint.GetLeftPart(UriPartial.Authority)}: {e.Message}";
            Log.QueryFailed(_log, queryId, null, null, !tls, message);
            throw new ClickHouseException(message, null, null, queryId, isTransient: !tls, e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.QueryFailed(_log, queryId, null, null, true, e.Message);
            throw new ClickHouseException($"connection to ClickHouse broke during query {queryId}: {e.Message}", null, null, queryId, isTransient: true, e);
        }
    }

    private HttpRequestMessage BuildRequest(string sql, HttpContent? data, QueryOptions options, string queryId, TimeSpan timeout)
    {
        var query = new StringBuilder(Options.Endpoint.ToString().TrimEnd('/')).Append("/?");
        void Param(string name, string value)
        {
            if (query[^1] != '?')
            {
                query.Append('&');
            }
            query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        Param("wait_end_of_query", "1");
        Param("query_id", queryId);
        if (!options.Settings.ContainsKey("max_execution_time"))
        {
            Param("max_execution_time", Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (name, value) in options.Settings)
        {
            if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new ArgumentException($"'{name}' is not a ClickHouse setting name", nameof(options));
            }
            Param(name, value);
        }
        HttpContent content;
        if (options.ExternalTables.Count > 0 || data is not null)
        {
            Param("query", sql);
            if (options.ExternalTables.Count > 0)
            {
                if (data is not null)
                {
                    throw new ArgumentException("a query cannot both insert data and send external tables", nameof(data));
                }
                var form = new MultipartFormDataContent();
                foreach (var table in options.ExternalTables)
                {
                    Param(table.Name.Value + "_structure", table.Structure);
                    Param(table.Name.Value + "_format", "RowBinary");
                    form.Add(new ReadOnlyMemoryContent(table.RowBinary), table.Name.Value, table.Name.Value);
                }
                content = form;
            }
            else
            {
                content = data!;
            }
        }
        else
        {
            content = new StringContent(sql, Encoding.UTF8, "text/plain");
        }
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(query.ToString())) { Content = content };
        request.Headers.Authorization = _auth;
        return request;
    }

    private async Task<ClickHouseException> ErrorAsync(HttpResponseMessage response, Stream body, string queryId, CancellationToken cancellationToken)
    {
        string text;
        using (var reader = new StreamReader(body, Encoding.UTF8))
        {
            var buffer = new char[64 * 1024];
            var n = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            text = new string(buffer, 0, n);
        }
        var header = response.Headers.TryGetValues("X-ClickHouse-Exception-Code", out var values) ? values.FirstOrDefault() : null;
        var (code, message) = ClickHouseErrors.Parse(header, text);
        var status = (int)response.StatusCode;
        var transient = ClickHouseErrors.IsTransient(code, status);
        Log.QueryFailed(_log, queryId, code, status, transient, message);
        var codeText = code is { } c ? string.Create(CultureInfo.InvariantCulture, $"code {c}, ") : "";
        return new ClickHouseException($"ClickHouse query {queryId} failed ({codeText}HTTP {status}): {message}{AuthenticationHint(code, status)}", code, status, queryId, transient);
    }

    /// <summary>
    /// What to set when the server refused the user (HTTP 401/403; code 194 password required,
    /// 193 wrong password, 516 authentication failed): the user and the password come from variables.
    /// </summary>
    private string AuthenticationHint(int? code, int status)
        => status is 401 or 403 || code is 193 or 194 or 516
            ? $" — connecting as user '{Options.User}'{(string.IsNullOrEmpty(Options.Password) ? " with no password" : " with the password from the environment")}: "
              + "set STRATUM_CLICKHOUSE_USER (or the URL's user) and STRATUM_CLICKHOUSE_PASSWORD (docs/configuration.md)"
            : "";

    /// <summary>Best effort: the server would otherwise go on with a query nobody waits for.</summary>
    private async Task TryKillAsync(string queryId)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            using var request = BuildRequest($"KILL QUERY WHERE query_id = {ClickHouseSqlText.ClickHouseString(queryId)} ASYNC", null, QueryOptions.Default, "stratum-kill-" + Guid.NewGuid().ToString("N"), TimeSpan.FromSeconds(5));
            using var response = await _http.SendAsync(request, cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // the server's max_execution_time ends it anyway
        }
    }

    private static string Abbreviate(string sql) => sql.Length <= 300 ? sql : sql[..300] + "…";

    public void Dispose()
    {
        _http.Dispose();
        _versionLock.Dispose();
    }
}
