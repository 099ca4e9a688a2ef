using System.Text;

namespace Stratum.ClickHouse.Tsv;

/// <summary>
/// Parses ClickHouse's TabSeparated family. In a field, a raw tab or line feed never appears (they
/// are escaped), so rows split on 0x0A and fields on 0x09; each field is then unescaped on bytes
/// (so <c>\xHH</c> can produce any byte) and decoded as UTF-8. A field that is exactly <c>\N</c> is NULL.
/// </summary>
public static class TsvParser
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static TsvResult ParseWithNamesAndTypes(ReadOnlySpan<byte> body)
    {
        var rows = ParseRows(body);
        if (rows.Count < 2)
        {
            throw new FormatException($"TabSeparatedWithNamesAndTypes: expected a names and a types line, got {rows.Count} lines");
        }
        var names = rows[0].Select(n => n ?? "").ToList();
        var types = rows[1].Select(t => t ?? "").ToList();
        var data = rows.Skip(2).ToList();
        foreach (var r in data)
        {
            if (r.Length != names.Count)
            {
                throw new FormatException($"TabSeparated: a row has {r.Length} fields, the header {names.Count}");
            }
        }
        return new TsvResult(names, types, data);
    }

    public static List<string?[]> ParseRows(ReadOnlySpan<byte> body)
    {
        var rows = new List<string?[]>();
        while (!body.IsEmpty)
        {
            var eol = body.IndexOf((byte)'\n');
            var line = eol < 0 ? body : body[..eol];
            body = eol < 0 ? [] : body[(eol + 1)..];
            var fields = new List<string?>();
            while (true)
            {
                var tab = line.IndexOf((byte)'\t');
                fields.Add(Unescape(tab < 0 ? line : line[..tab]));
                if (tab < 0)
                {
                    break;
                }
                line = line[(tab + 1)..];
            }
            rows.Add([.. fields]);
        }
        return rows;
    }

    /// <summary>One escaped field to text; <c>\N</c> alone is NULL.</summary>
    public static string? Unescape(ReadOnlySpan<byte> field)
    {
        if (field.Length == 2 && field[0] == '\\' && field[1] == 'N')
        {
            return null;
        }
        if (field.IndexOf((byte)'\\') < 0)
        {
            return Utf8.GetString(field);
        }
        var bytes = new byte[field.Length];
        var n = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var b = field[i];
            if (b != '\\' || i + 1 == field.Length)
            {
                bytes[n++] = b;
                continue;
            }
            var e = field[++i];
            if (e == 'x' && i + 2 < field.Length && IsHex(field[i + 1]) && IsHex(field[i + 2]))
            {
                bytes[n++] = (byte)((Hex(field[i + 1]) << 4) | Hex(field[i + 2]));
                i += 2;
                continue;
            }
            bytes[n++] = e switch
            {
                (byte)'b' => 0x08,
                (byte)'f' => 0x0C,
                (byte)'n' => 0x0A,
                (byte)'r' => 0x0D,
                (byte)'t' => 0x09,
                (byte)'0' => 0x00,
                (byte)'a' => 0x07,
                (byte)'v' => 0x0B,
                (byte)'e' => 0x1B,
                _ => e, // \\ \' \" \/ and any other escaped character stand for themselves
            };
        }
        return Utf8.GetString(bytes, 0, n);
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
