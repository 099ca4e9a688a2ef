using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Stratum.Contracts;
using Stratum.Reading;
using Stratum.Testing;

namespace Stratum.Core.Tests.Loading;

/// <summary>
/// A reader of <c>.lines</c> files for loader tests that publish: each line <c>id TAB updated_at TAB name</c>
/// is a row of <see cref="TestContracts.AllTypes"/> (its other columns as <see cref="StaleWriterScenario.Row"/>
/// gives them); <see cref="Content"/> writes such a file.
/// </summary>
internal sealed class LinesFileReader : IFileReader
{
    public const string Extension = ".lines";

    public bool CanRead(string key) => key.EndsWith(Extension, StringComparison.Ordinal);

    public async IAsyncEnumerable<object?[]> ReadAsync(Stream content, string key, TableContract contract, ReadOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var fields = line.Split('\t');
            var at = DateTime.ParseExact(fields[1], "O", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            yield return StaleWriterScenario.Row(fields[0], at, fields[2]);
        }
    }

    /// <summary>The bytes of a file of these rows.</summary>
    public static byte[] Content(params (string Id, DateTime At, string Name)[] rows)
        => Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => $"{r.Id}\t{r.At.ToString("O", CultureInfo.InvariantCulture)}\t{r.Name}\n")));
}
