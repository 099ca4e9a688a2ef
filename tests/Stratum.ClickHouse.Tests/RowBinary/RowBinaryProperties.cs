using FsCheck;
using FsCheck.Xunit;
using Stratum.ClickHouse.RowBinary;

namespace Stratum.ClickHouse.Tests.RowBinary;

/// <summary>What is written reads back equal, for any value the contract types allow.</summary>
public sealed class RowBinaryProperties
{
    private static RowBinaryReader RoundTrip(Action<RowBinaryWriter> write)
    {
        var w = new RowBinaryWriter(16);
        write(w);
        return new RowBinaryReader(w.ToArray());
    }

    [Property]
    public bool Strings_round_trip(NonNull<string> s)
    {
        // Lone surrogates cannot be UTF-8; the contract's strings come from UTF-8 files and never hold them.
        var text = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s.Get));
        return RoundTrip(w => w.WriteString(text)).ReadString() == text;
    }

    [Property]
    public bool Int64_and_float64_round_trip(long l, double d)
    {
        var r = RoundTrip(w => { w.WriteInt64(l); w.WriteFloat64(d); });
        return r.ReadInt64() == l && r.ReadFloat64().Equals(d);
    }

    [Property]
    public bool Decimals_round_trip_at_every_width(long raw, byte p, byte s)
    {
        var precision = 1 + (p % 28);
        var scale = s % (precision + 1);
        var limit = (long)Math.Min((decimal)Math.Pow(10, Math.Min(precision, 18)) - 1, long.MaxValue);
        var value = Math.Clamp(raw, -limit, limit) / (decimal)Math.Pow(10, scale);
        var back = RoundTrip(w => w.WriteDecimal(value, precision, scale)).ReadDecimal(precision, scale);
        return back == value;
    }

    [Property]
    public bool Dates_and_timestamps_round_trip(ushort days, uint seconds, int micros)
    {
        var date = DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays(days);
        var second = DateTime.UnixEpoch.AddSeconds(seconds);
        var micro = DateTime.UnixEpoch.AddTicks((long)micros * 10);
        var r = RoundTrip(w => { w.WriteDate(date); w.WriteDateTime(second); w.WriteDateTime64Micro(micro); });
        return r.ReadDate() == date && r.ReadDateTime() == second && r.ReadDateTime64Micro() == micro;
    }
}
