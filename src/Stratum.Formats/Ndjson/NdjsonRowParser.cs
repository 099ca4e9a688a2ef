using System.Text.Json;
using Stratum.Contracts;
using Stratum.Formats.Mapping;
using Stratum.Formats.Values;
using Stratum.Reading;

namespace Stratum.Formats.Ndjson;

/// <summary>
/// Turns one NDJSON line (a JSON object) into a contract row. Keys are bound to contract columns
/// the first time they are seen (directly or through renames). A key absent from a line, or
/// JSON null, is null (APIs omit null fields). A column no line of the file ever has is missing
/// from the file: a non-null one is rejected at its first absence, a nullable one at the end of the
/// file under <c>missing_columns: reject</c> and left null under <c>missing_columns: null</c>
/// (<see cref="ColumnMap.Rejected"/>).
/// </summary>
internal sealed class NdjsonRowParser
{
    private const int MaxCachedUnknownKeys = 1024; // also the most key positions remembered

    private static readonly JsonReaderOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private readonly string _key;
    private readonly TableContract _contract;
    private readonly TimeSpan _resolution;
    private readonly Dictionary<string, ColumnBinding?> _bindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ColumnBinding?>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly long[] _setOnRow;
    private readonly string?[] _setBy;
    private readonly bool[] _everSet;
    private readonly List<string> _unknownKeys = [];
    private readonly List<string> _rejectedKeys = [];
    private readonly List<(byte[] Utf8, ColumnBinding? Binding)> _byPosition = [];
    private char[] _chars = new char[256];
    private long _row;

    public NdjsonRowParser(string key, TableContract contract, TimeSpan resolution)
    {
        _key = key;
        _contract = contract;
        _resolution = resolution;
        _lookup = _bindings.GetAlternateLookup<ReadOnlySpan<char>>();
        _setOnRow = new long[contract.Columns.Length];
        _setBy = new string?[contract.Columns.Length];
        _everSet = new bool[contract.Columns.Length];
    }

    public object?[] Parse(ReadOnlySpan<byte> line, long lineNumber, long lineOffset)
    {
        _row++;
        // Every byte of the line, skipped values included, before any is decoded.
        if (Utf8Text.FirstInvalid(line, final: true, out _) is var bad and >= 0)
        {
            throw Reject(null, $"{Utf8Text.Problem(line, bad, lineOffset + bad)} (line {lineNumber})");
        }
        try
        {
            return ParseObject(line, lineNumber);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8.
            throw Reject(null, $"line {lineNumber} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>After the last line: a column that no line had is missing from the file.</summary>
    public void Finish()
    {
        var missing = ColumnMap.Rejected(_contract, Enumerable.Range(0, _everSet.Length).Where(o => !_everSet[o]));
        if (_row > 0 && missing.Count > 0)
        {
            throw new FileRejectedException(_key, 0, null, ColumnMap.MissingProblem(_contract, missing, _unknownKeys));
        }
    }

    private object?[] ParseObject(ReadOnlySpan<byte> line, long lineNumber)
    {
        var reader = new Utf8JsonReader(line, JsonOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Reject(null, $"line {lineNumber} is not a JSON object (found {reader.TokenType}); NDJSON has one object per line");
        }
        var values = new object?[_contract.Columns.Length];
        for (var position = 0; reader.Read() && reader.TokenType == JsonTokenType.PropertyName; position++)
        {
            var binding = Bind(ref reader, position);
            reader.Read();
            if (binding is null)
            {
                reader.Skip();
                continue;
            }
            var o = binding.Ordinal;
            if (_setOnRow[o] == _row)
            {
                throw Reject(null, string.Equals(_setBy[o], binding.InputName, StringComparison.Ordinal)
                    ? $"has key '{binding.InputName}' twice"
                    : $"has keys '{_setBy[o]}' and '{binding.InputName}', which both map to contract column '{binding.Spec.Name}'");
            }
            _setOnRow[o] = _row;
            _setBy[o] = binding.InputName;
            _everSet[o] = true;
            values[o] = ReadValue(ref reader, binding);
        }
        reader.Read(); // throws if anything but whitespace follows the object
        // Missing columns first: an unknown key is often the missing column under another name.
        for (var o = 0; o < values.Length; o++)
        {
            if (_setOnRow[o] != _row && !_contract.Columns[o].Nullable)
            {
                throw _everSet[o]
                    ? Reject(_contract.Columns[o].Name.Value, ColumnMap.Resolve(_contract, _contract.Columns[o].Name.Value)!.NullProblem("is absent (null)"))
                    : Reject(null, ColumnMap.MissingProblem(_contract, [o], _unknownKeys));
            }
        }
        if (_rejectedKeys.Count > 0)
        {
            throw Reject(null, ColumnMap.UnknownProblem(_rejectedKeys));
        }
        return values;
    }

    /// <summary>
    /// The binding of the property the reader is on. Lines of one file nearly always list their
    /// keys in the same order, so the key at each position is first compared with the one the
    /// previous line had there (bytes, no decoding); only a different key is looked up by name.
    /// </summary>
    private ColumnBinding? Bind(ref Utf8JsonReader reader, int position)
    {
        if (position < _byPosition.Count && reader.ValueTextEquals(_byPosition[position].Utf8))
        {
            return _byPosition[position].Binding;
        }
        var name = Chars(ref reader);
        if (!_lookup.TryGetValue(name, out var binding))
        {
            binding = Resolve(name.ToString());
        }
        if (position <= _byPosition.Count && position < MaxCachedUnknownKeys)
        {
            (byte[], ColumnBinding?) remembered = (System.Text.Encoding.UTF8.GetBytes(name.ToString()), binding);
            if (position < _byPosition.Count)
            {
                _byPosition[position] = remembered;
            }
            else
            {
                _byPosition.Add(remembered);
            }
        }
        return binding;
    }

    private ColumnBinding? Resolve(string text)
    {
        var binding = ColumnMap.Resolve(_contract, text);
        if (binding is null)
        {
            if (_contract.UnknownColumns == UnknownColumnPolicy.Reject)
            {
                _rejectedKeys.Add(text); // rejected at the end of the line
            }
            if (_unknownKeys.Count >= MaxCachedUnknownKeys)
            {
                return null;
            }
            _unknownKeys.Add(text);
        }
        _bindings[text] = binding;
        return binding;
    }

    private object? ReadValue(ref Utf8JsonReader reader, ColumnBinding b)
    {
        var kind = b.Type.Kind;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return b.Spec.Nullable ? null : throw Reject(b.InputName, b.NullProblem("is null"));
            case JsonTokenType.String when kind == ColumnKind.String:
                return reader.GetString();
            case JsonTokenType.String:
                return Parse(Chars(ref reader), b);
            case JsonTokenType.Number when kind is ColumnKind.Int64 or ColumnKind.Float64 or ColumnKind.Decimal or ColumnKind.Bool:
                // The number's own text (ASCII): a decimal is never routed through a double.
                var raw = reader.ValueSpan;
                var chars = Buffer(raw.Length);
                for (var i = 0; i < raw.Length; i++)
                {
                    chars[i] = (char)raw[i];
                }
                return Parse(chars[..raw.Length], b);
            case JsonTokenType.True or JsonTokenType.False when kind == ColumnKind.Bool:
                return reader.TokenType == JsonTokenType.True;
            default:
                throw Reject(b.InputName, b.ValueProblem($"found {Describe(ref reader)}; expected {ValueParser.Expected(b.Type)}"));
        }
    }

    /// <summary>The current string or property name, unescaped, in a buffer reused until the next call.</summary>
    private ReadOnlySpan<char> Chars(ref Utf8JsonReader reader)
    {
        var buffer = Buffer(reader.ValueSpan.Length); // UTF-16 never needs more units than UTF-8 bytes
        return buffer[..reader.CopyString(buffer)];
    }

    private Span<char> Buffer(int length)
    {
        if (_chars.Length < length)
        {
            _chars = new char[Math.Max(length, _chars.Length * 2)];
        }
        return _chars;
    }

    private object Parse(ReadOnlySpan<char> text, ColumnBinding b)
        => ValueParser.TryParse(text, b.Type, _resolution, out var value, out var problem)
            ? value
            : throw Reject(b.InputName, b.ValueProblem(problem));

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => $"the JSON number {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "JSON true",
        JsonTokenType.False => "JSON false",
        JsonTokenType.StartObject => "a JSON object",
        JsonTokenType.StartArray => "a JSON array",
        _ => $"JSON {reader.TokenType}",
    };

    private FileRejectedException Reject(string? column, string problem, Exception? inner = null) => new(_key, _row, column, problem, inner);
}
