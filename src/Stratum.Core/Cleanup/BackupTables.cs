using System.Security.Cryptography;
using System.Text;
using Stratum.Names;

namespace Stratum.Cleanup;

/// <summary>
/// Where cleanups keep what they change: <c>&lt;table&gt;__stratum_backup</c> (the table's columns plus
/// <see cref="CleanupIdColumn"/>, <see cref="RoleColumn"/> and <see cref="PartitionColumn"/>), and one
/// log of cleanups per database, <see cref="Log"/>.
/// </summary>
public static class BackupTables
{
    public const string Suffix = "__stratum_backup";

    public static readonly Identifier Log = Identifier.Parse("stratum_cleanup_log");
    public static readonly Identifier CleanupIdColumn = Identifier.Parse("stratum_cleanup_id");
    public static readonly Identifier RoleColumn = Identifier.Parse("stratum_cleanup_role");
    public static readonly Identifier PartitionColumn = Identifier.Parse("stratum_partition_id");

    /// <summary>A row the cleanup took out of the table (restore puts it back).</summary>
    public const string Removed = "removed";

    /// <summary>A row the cleanup wrote (restore takes it out again).</summary>
    public const string Written = "written";

    /// <summary>The backup table's name; a long table name is cut and given a short hash so the name stays valid.</summary>
    public static Identifier NameFor(Identifier table)
    {
        var name = table.Value + Suffix;
        if (name.Length <= Identifier.MaxLength)
        {
            return Identifier.Parse(name);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table.Value)))[..8];
        return Identifier.Parse(table.Value[..(Identifier.MaxLength - Suffix.Length - hash.Length - 1)] + "_" + hash + Suffix);
    }
}
