using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Stratum.ClickHouse.Client;

/// <summary>
/// The HTTP handler for a server: pooled connections that go idle before the server's keep-alive
/// closes them, and TLS verified against the system trust store or, when a CA file is configured,
/// against that CA only. There is no switch to skip verification.
/// </summary>
internal static class ClickHouseHandler
{
    public static SocketsHttpHandler Create(ClickHouseOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        if (options.CaFile is { } caFile)
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(LoadCertificates(caFile));
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }
        return handler;
    }

    /// <summary>Every certificate in a PEM bundle, or the one certificate of a DER file.</summary>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPemFile(path);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new StratumException($"ClickHouse CA file '{path}' cannot be read: {e.Message}", e);
        }
        if (collection.Count == 0)
        {
            throw new StratumException($"ClickHouse CA file '{path}' holds no certificate");
        }
        return collection;
    }
}
