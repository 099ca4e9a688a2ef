namespace Stratum.Contracts;

/// <summary>
/// The contract a table was last stored with (the warehouse's <c>stratum_contracts</c>): its
/// fingerprint, its canonical text (parse it with <see cref="ContractFingerprint.Parse"/>), when
/// it was stored and why (<see cref="Origins"/>), and the migration that stored it, if any.
/// </summary>
public sealed record StoredContract(string Table, string Fingerprint, string CanonicalText, DateTime StoredAt, string Origin, string? CleanupId = null)
{
    public TableContract Parse() => ContractFingerprint.Parse(CanonicalText);

    public static class Origins
    {
        /// <summary>Stored when the load created the table.</summary>
        public const string Created = "created";

        /// <summary>Stored on the first load of a table created before fingerprints existed: the contract then is trusted.</summary>
        public const string FirstLoad = "first-load";

        /// <summary>Stored by <c>stratum migrate --execute</c> (its cleanup id is kept with it).</summary>
        public const string Migration = "migration";

        /// <summary>Stored by <c>stratum restore</c> of a migration (ClickHouse, whose log is append-only): the contract before it, again.</summary>
        public const string Restore = "restore";
    }
}
