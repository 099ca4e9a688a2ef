using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Stratum.Formats;

/// <summary>
/// Strict UTF-8 for the text formats: a file's bytes are checked, never decoded with replacement
/// characters (that would turn distinct values into one). Rejects what <see cref="Rune.DecodeFromUtf8"/>
/// rejects: stray continuation bytes, bytes that never occur (0xC0, 0xC1, 0xF5–0xFF), overlong
/// encodings, surrogates, code points beyond U+10FFFF and sequences cut short.
/// </summary>
internal static class Utf8Text
{
    /// <summary>The index of the first byte of the first invalid sequence, or -1 when all is valid.
    /// A sequence cut short by the end of <paramref name="bytes"/> is invalid unless <paramref name="final"/> is false,
    /// in which case its start is returned through <paramref name="incompleteTail"/> (else -1).</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes, bool final, out int incompleteTail)
    {
        incompleteTail = -1;
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }
        var i = 0;
        while (i < bytes.Length)
        {
            var rest = bytes[i..];
            var ascii = rest.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                return -1;
            }
            i += ascii;
            switch (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed))
            {
                case System.Buffers.OperationStatus.Done:
                    i += consumed;
                    break;
                case System.Buffers.OperationStatus.NeedMoreData when !final:
                    incompleteTail = i;
                    return -1;
                default:
                    return i;
            }
        }
        return -1;
    }

    /// <summary>The problem text for an invalid sequence starting at <paramref name="at"/> of <paramref name="bytes"/>,
    /// which is at <paramref name="offset"/> in the (decompressed) file.</summary>
    public static string Problem(ReadOnlySpan<byte> bytes, int at, long offset)
    {
        var status = Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed);
        var shown = bytes.Slice(at, Math.Max(1, consumed));
        var hex = string.Join(' ', shown.ToArray().Select(b => "0x" + b.ToString("X2", CultureInfo.InvariantCulture)));
        return status == System.Buffers.OperationStatus.NeedMoreData
            ? $"is not valid UTF-8: a multi-byte sequence cut short ({hex}) at byte offset {offset}"
            : $"is not valid UTF-8: invalid byte sequence {hex} at byte offset {offset}";
    }
}
