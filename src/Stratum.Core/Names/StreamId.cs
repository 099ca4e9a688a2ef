namespace Stratum.Names;

/// <summary>One stream: a tenant's table. The unit of leasing, ledgering and loading.</summary>
public readonly record struct StreamId(TenantId Tenant, Identifier Table) : IComparable<StreamId>
{
    /// <summary>The object-store prefix where the pipeline lands this stream's files.</summary>
    public string Prefix => $"{Tenant.Value}/canonical/{Table.Value}/";

    /// <summary>A stable text form, <c>tenant/table</c>, used as a key in state stores.</summary>
    public string Key => $"{Tenant.Value}/{Table.Value}";

    public int CompareTo(StreamId other)
    {
        var c = Tenant.CompareTo(other.Tenant);
        return c != 0 ? c : Table.CompareTo(other.Table);
    }

    public override string ToString() => Key;
}
