using System.Runtime.ExceptionServices;
using ParquetSharp;
using Stratum.Contracts;
using Stratum.Formats.Mapping;
using Stratum.Reading;
using PqReader = ParquetSharp.ParquetFileReader;

namespace Stratum.Formats.Parquet;

/// <summary>
/// Reads a seekable Parquet file in batches of rows, one row group open at a time, reading only
/// the columns the contract binds. Every failure of the file's content becomes a
/// <see cref="FileRejectedException"/>; a failure of the stream itself is rethrown as it was.
/// </summary>
internal sealed class ParquetRowSource : IDisposable
{
    public const int BatchRows = 4096;

    private readonly ErrorCapturingStream _stream;
    private readonly string _key;
    private readonly int _width;
    private readonly TimeSpan _resolution;
    private readonly PqReader _file;
    private readonly (int Index, ColumnBinding Binding, ParquetColumnTraits Traits)[] _columns;
    private int _group = -1;
    private long _groupLeft;
    private RowGroupReader? _rowGroup;
    private ParquetColumnCursor[] _cursors = [];
    private long _row;

    private ParquetRowSource(ErrorCapturingStream stream, string key, TableContract contract, ReadOptions options)
    {
        _stream = stream;
        _key = key;
        _width = contract.Columns.Length;
        _resolution = options.TimestampResolution;
        _file = new PqReader(stream, leaveOpen: true);
        try
        {
            _columns = BindColumns(contract);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public static ParquetRowSource Open(ErrorCapturingStream stream, string key, TableContract contract, ReadOptions options)
        => Guard(stream, key, 0, () => new ParquetRowSource(stream, key, contract, options));

    /// <summary>The next rows, or null after the last.</summary>
    public object?[][]? NextBatch() => Guard(_stream, _key, _row + 1, ReadBatch);

    public void Dispose()
    {
        CloseRowGroup();
        _file.Dispose();
    }

    private (int, ColumnBinding, ParquetColumnTraits)[] BindColumns(TableContract contract)
    {
        var schema = _file.FileMetaData.Schema;
        var descriptors = Enumerable.Range(0, _file.FileMetaData.NumColumns).Select(schema.Column).ToList();
        var bindings = ColumnMap.Bind(_key, InputNames(descriptors), contract);
        var columns = new List<(int, ColumnBinding, ParquetColumnTraits)>();
        for (var i = 0; i < bindings.Length; i++)
        {
            if (bindings[i] is not { } b)
            {
                continue;
            }
            var d = descriptors[i];
            var traits = ParquetColumnTraits.Of(d, b.Type);
            if (d.MaxRepetitionLevel > 0 || !d.Apply(_file.LogicalTypeFactory, new Check(b.Type, traits)))
            {
                var what = d.MaxRepetitionLevel > 0 ? $"a repeated Parquet {ParquetTypeNames.Of(d)} column" : $"Parquet {ParquetTypeNames.Of(d)}";
                throw new FileRejectedException(_key, 0, b.InputName, b.ValueProblem($"is {what}, which cannot be read as the contract's {b.Type}"));
            }
            columns.Add((i, b, traits));
        }
        return [.. columns];
    }

    /// <summary>
    /// A top-level column's name; a nested column's top-level name when it is that field's only
    /// leaf (a list of values, so it can be matched and then rejected as repeated), else its dotted path.
    /// </summary>
    private static List<string> InputNames(List<ColumnDescriptor> descriptors)
    {
        var paths = descriptors.Select(d =>
        {
            using var path = d.Path;
            return path.ToDotVector();
        }).ToList();
        var leaves = paths.GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. paths.Select(p => p.Length == 1 || leaves[p[0]] == 1 ? p[0] : string.Join('.', p))];
    }

    private object?[][]? ReadBatch()
    {
        while (_groupLeft == 0)
        {
            CloseRowGroup();
            if (++_group >= _file.FileMetaData.NumRowGroups)
            {
                return null;
            }
            _rowGroup = _file.RowGroup(_group);
            _groupLeft = _rowGroup.MetaData.NumRows;
            _cursors = [.. _columns.Select(c => ParquetColumnCursor.Open(_rowGroup, c.Index, c.Binding, _key, _resolution, c.Traits))];
        }
        var count = (int)Math.Min(BatchRows, _groupLeft);
        var rows = new object?[count][];
        for (var k = 0; k < count; k++)
        {
            rows[k] = new object?[_width];
        }
        foreach (var cursor in _cursors)
        {
            cursor.Read(rows, count, _row + 1);
        }
        _row += count;
        _groupLeft -= count;
        return rows;
    }

    private void CloseRowGroup()
    {
        foreach (var cursor in _cursors)
        {
            cursor.Dispose();
        }
        _cursors = [];
        _rowGroup?.Dispose();
        _rowGroup = null;
    }

    private static T Guard<T>(ErrorCapturingStream stream, string key, long row, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (stream.Error is { } original && e != original)
        {
            // The stream failed (ParquetSharp passes on only the text): rethrow the original.
            ExceptionDispatchInfo.Throw(original);
            throw;
        }
        catch (Exception e) when (stream.Error is null && IsContentError(e))
        {
            throw new FileRejectedException(key, row, null, $"is not a readable Parquet file: {NativeMessage(e)}", e);
        }
    }

    /// <summary>What ParquetSharp and the native library throw for content they cannot decode.</summary>
    private static bool IsContentError(Exception e)
        => e is ParquetException or InvalidDataException or NotSupportedException or ArgumentException or InvalidCastException
            or OverflowException or IndexOutOfRangeException or (InvalidOperationException and not ObjectDisposedException);

    /// <summary>"N7parquet…E (message: 'Invalid: Parquet magic bytes not found…')" → the part in quotes.</summary>
    private static string NativeMessage(Exception e)
    {
        var m = e.Message;
        var start = m.IndexOf("(message: '", StringComparison.Ordinal);
        var text = start >= 0 ? m[(start + 11)..].TrimEnd(')', '\'', '\n', ' ') : m;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline >= 0 ? text[..newline].TrimEnd() : text;
    }

    private sealed class Check(ColumnType type, ParquetColumnTraits traits) : IColumnDescriptorVisitor<bool>
    {
        public bool OnColumnDescriptor<TPhysical, TLogical, TElement>() where TPhysical : unmanaged
            => ParquetConverters.For<TElement>(type, TimeSpan.Zero, traits) is not null;
    }
}
