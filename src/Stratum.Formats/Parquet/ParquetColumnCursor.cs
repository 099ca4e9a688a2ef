using ParquetSharp;
using Stratum.Formats.Mapping;
using Stratum.Reading;

namespace Stratum.Formats.Parquet;

/// <summary>Reads one column of the current row group, a batch at a time, into the rows being built.</summary>
internal abstract class ParquetColumnCursor : IDisposable
{
    /// <summary>Fills <c>rows[k][ordinal]</c> for the next <paramref name="count"/> values; <paramref name="firstRow"/> is 1-based.</summary>
    public abstract void Read(object?[][] rows, int count, long firstRow);

    public abstract void Dispose();

    /// <summary>Opens the typed cursor for a column; its element type is known only to ParquetSharp, hence the visitor.</summary>
    public static ParquetColumnCursor Open(RowGroupReader rowGroup, int columnIndex, ColumnBinding binding, string key, TimeSpan resolution, ParquetColumnTraits traits)
    {
        var column = rowGroup.Column(columnIndex);
        try
        {
            var logical = column.LogicalReader();
            return logical.Apply(new Factory(column, binding, key, resolution, traits));
        }
        catch
        {
            column.Dispose();
            throw;
        }
    }

    private sealed class Factory(ColumnReader column, ColumnBinding binding, string key, TimeSpan resolution, ParquetColumnTraits traits)
        : ILogicalColumnReaderVisitor<ParquetColumnCursor>
    {
        public ParquetColumnCursor OnLogicalColumnReader<TValue>(LogicalColumnReader<TValue> reader)
        {
            // Checked against the schema before any row group is opened, so a converter exists.
            var convert = ParquetConverters.For<TValue>(binding.Type, resolution, traits)
                ?? throw new InvalidOperationException($"no converter from {typeof(TValue)} to {binding.Type}");
            return new Typed<TValue>(column, reader, convert, binding, key);
        }
    }

    private sealed class Typed<T>(ColumnReader column, LogicalColumnReader<T> reader, ParquetConverter<T> convert, ColumnBinding binding, string key)
        : ParquetColumnCursor
    {
        private T[] _buffer = [];

        public override void Read(object?[][] rows, int count, long firstRow)
        {
            if (_buffer.Length < count)
            {
                _buffer = new T[count];
            }
            var values = _buffer.AsSpan(0, count);
            for (var done = 0; done < count;)
            {
                var n = reader.ReadBatch(values[done..]);
                if (n == 0)
                {
                    throw new FileRejectedException(key, firstRow + done, binding.InputName, "has fewer values than its row group has rows (corrupt file)");
                }
                done += n;
            }
            var ordinal = binding.Ordinal;
            for (var k = 0; k < count; k++)
            {
                var v = values[k];
                if (v is null)
                {
                    rows[k][ordinal] = binding.Spec.Nullable ? null : throw new FileRejectedException(key, firstRow + k, binding.InputName, binding.NullProblem("is null"));
                    continue;
                }
                var value = convert(v, out var problem);
                rows[k][ordinal] = problem is null ? value : throw new FileRejectedException(key, firstRow + k, binding.InputName, binding.ValueProblem(problem));
            }
        }

        public override void Dispose()
        {
            reader.Dispose();
            column.Dispose();
        }
    }
}
