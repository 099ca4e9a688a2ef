using Stratum.Cleanup;
using Microsoft.Extensions.Time.Testing;
using Stratum.Names;

namespace Stratum.Core.Tests.Cleanup;

public class CleanupNamesTests
{
    [Fact]
    public void Cleanup_ids_carry_the_time_and_are_validated()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 21, 10, 15, 0, TimeSpan.Zero));
        var id = CleanupId.New(clock);
        Assert.StartsWith("20250621-101500-", id, StringComparison.Ordinal);
        Assert.True(CleanupId.IsValid(id));
        Assert.False(CleanupId.IsValid("20250621-101500-xyz'; DROP"));
        Assert.Throws<StratumException>(() => CleanupId.Parse("nope"));
    }

    [Fact]
    public void Backup_table_names_stay_valid_identifiers()
    {
        Assert.Equal("time_entries__stratum_backup", BackupTables.NameFor(Identifier.Parse("time_entries")).Value);
        var longName = Identifier.Parse(new string('t', 60));
        var backup = BackupTables.NameFor(longName);
        Assert.True(backup.Value.Length <= Identifier.MaxLength);
        Assert.EndsWith(BackupTables.Suffix, backup.Value, StringComparison.Ordinal);
        Assert.NotEqual(backup, BackupTables.NameFor(Identifier.Parse(new string('t', 59) + "u")));
    }
}
