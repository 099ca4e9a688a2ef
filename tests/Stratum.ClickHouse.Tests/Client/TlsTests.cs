using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Stratum.ClickHouse.Client;

namespace Stratum.ClickHouse.Tests.Client;

/// <summary>https with a private CA: trusted only through the configured CA file, never by skipping checks.
/// A tiny TLS server on loopback answers like ClickHouse's <c>SELECT version()</c>.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stratum-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (X509Certificate2 Ca, X509Certificate2 Server) Certificates(string caName)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ca = caRequest.CreateSelfSigned(now, now.AddYears(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, now, now.AddYears(10), [1, 2, 3, 4]);
        var withKey = signed.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, server);
    }

    private string WritePem(X509Certificate2 cert, string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, cert.ExportCertificatePem());
        return path;
    }

    /// <summary>Serves TLS connections on loopback until disposed; each gets one HTTP answer.</summary>
    private static (int Port, Func<Task> Stop) Serve(X509Certificate2 certificate)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cts = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await using var tls = new SslStream(client.GetStream());
                            await tls.AuthenticateAsServerAsync(certificate);
                            var buffer = new byte[65536];
                            var request = new StringBuilder();
                            while (!request.ToString().Contains("SELECT version()", StringComparison.Ordinal))
                            {
                                var n = await tls.ReadAsync(buffer);
                                if (n == 0)
                                {
                                    return;
                                }
                                request.Append(Encoding.UTF8.GetString(buffer, 0, n));
                            }
                            var body = "version()\nString\n24.8.4.13\n";
                            await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
                        }
                        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                        {
                            // the client refused our certificate: that is what some tests expect
                        }
                    }
                });
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return (port, async () =>
        {
            listener.Stop();
            await loop;
        });
    }

    [Fact]
    public async Task A_server_signed_by_the_configured_CA_is_trusted()
    {
        var (ca, server) = Certificates("Stratum Test CA");
        var (port, stop) = Serve(server);
        using var client = new ClickHouseClient(new ClickHouseOptions { Endpoint = new Uri($"https://localhost:{port}/"), CaFile = WritePem(ca, "ca.pem") });
        Assert.Equal(24, (await client.GetServerVersionAsync(default)).Major);
        await stop();
    }

    [Fact]
    public async Task Without_the_CA_the_certificate_is_refused_permanently()
    {
        var (_, server) = Certificates("Stratum Test CA");
        var (port, stop) = Serve(server);
        using var client = new ClickHouseClient(new ClickHouseOptions { Endpoint = new Uri($"https://localhost:{port}/") });
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => client.GetServerVersionAsync(default));
        Assert.False(e.IsTransient);
        Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
        await stop();
    }

    [Fact]
    public async Task Another_CA_does_not_vouch_for_the_server()
    {
        var (_, server) = Certificates("Stratum Test CA");
        var (otherCa, _) = Certificates("Some Other CA");
        var (port, stop) = Serve(server);
        using var client = new ClickHouseClient(new ClickHouseOptions { Endpoint = new Uri($"https://localhost:{port}/"), CaFile = WritePem(otherCa, "other.pem") });
        var e = await Assert.ThrowsAsync<ClickHouseException>(() => client.GetServerVersionAsync(default));
        Assert.False(e.IsTransient);
        await stop();
    }

    [Fact]
    public void A_missing_CA_file_is_a_clear_error()
    {
        var e = Assert.Throws<StratumException>(() => new ClickHouseClient(new ClickHouseOptions { Endpoint = new Uri("https://localhost:1/"), CaFile = Path.Combine(_dir, "nope.pem") }));
        Assert.Contains("nope.pem", e.Message, StringComparison.Ordinal);
    }
}
