using System.Collections.Concurrent;
using System.Web;
using Stratum.ClickHouse.Client;

namespace Stratum.ClickHouse.Tests.Loading;

/// <summary>Passes requests to the real handler and remembers the SQL of each (URL <c>query</c> or text body).</summary>
internal sealed class StatementRecorder(ClickHouseOptions options) : DelegatingHandler(ClickHouseHandler.Create(options))
{
    public ConcurrentQueue<string> Statements { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var fromUrl = HttpUtility.ParseQueryString(request.RequestUri!.Query)["query"];
        var statement = fromUrl ?? (request.Content is StringContent text ? await text.ReadAsStringAsync(cancellationToken) : "?");
        Statements.Enqueue(statement);
        return await base.SendAsync(request, cancellationToken);
    }
}
