using Amazon.DynamoDBv2.Model;
using Stratum.Aws.Dynamo;
using Stratum.Names;
using Stratum.Planning;
using Stratum.State;

namespace Stratum.Aws.State;

/// <summary>A <see cref="RunRecord"/> as a run-log item (<c>pk=stream#…, sk=run#{finished ms}#{load id}</c>).</summary>
internal static class RunItemMapper
{
    public static Dictionary<string, AttributeValue> ToItem(RunRecord run)
    {
        var item = StateKeys.Key(StateKeys.StreamPk(run.Stream), StateKeys.RunSk(run.Finished, run.LoadId));
        item["load_id"] = Attr.S(run.LoadId);
        item["owner"] = Attr.S(run.Owner);
        item["started"] = Attr.Time(run.Started);
        item["finished"] = Attr.Time(run.Finished);
        item["outcome"] = Attr.S(run.Outcome.Text());
        item["files_seen"] = Attr.N(run.FilesSeen);
        item["files_already_loaded"] = Attr.N(run.FilesAlreadyLoaded);
        item["files_committed"] = Attr.N(run.FilesCommitted);
        item["files_quarantined"] = Attr.N(run.FilesQuarantined);
        item["rows_read"] = Attr.N(run.RowsRead);
        item["tie_conflicts"] = Attr.N(run.TieConflicts);
        item["coarse_tie_conflicts"] = Attr.N(run.CoarseTieConflicts);
        if (run.Conflicts.Count > 0)
        {
            item["conflicts"] = Attr.S(RunRecordJson.SerializeConflicts(run.Conflicts)); // at most ConflictRecord.KeptPerRun
        }
        item["counts"] = new AttributeValue { M = CountsToMap(run.Counts) };
        if (run.Error is not null)
        {
            item["error"] = Attr.S(run.Error);
        }
        return item;
    }

    public static RunRecord FromItem(StreamId stream, Dictionary<string, AttributeValue> item) => new()
    {
        LoadId = Attr.RequireS(item, "load_id"),
        Stream = stream,
        Owner = Attr.RequireS(item, "owner"),
        Started = Attr.RequireTime(item, "started"),
        Finished = Attr.RequireTime(item, "finished"),
        Outcome = LoadOutcomes.Parse(Attr.RequireS(item, "outcome")),
        FilesSeen = Attr.GetN(item, "files_seen") ?? 0,
        FilesAlreadyLoaded = Attr.GetN(item, "files_already_loaded") ?? 0,
        FilesCommitted = Attr.GetN(item, "files_committed") ?? 0,
        FilesQuarantined = Attr.GetN(item, "files_quarantined") ?? 0,
        RowsRead = Attr.GetN(item, "rows_read") ?? 0,
        TieConflicts = Attr.GetN(item, "tie_conflicts") ?? 0,
        CoarseTieConflicts = Attr.GetN(item, "coarse_tie_conflicts") ?? 0,
        Conflicts = Attr.GetS(item, "conflicts") is { } conflicts ? RunRecordJson.DeserializeConflicts(conflicts) : [],
        Counts = item.TryGetValue("counts", out var c) && c.M is { } m ? CountsFromMap(m) : new PlanCounts(),
        Error = Attr.GetS(item, "error"),
    };

    private static Dictionary<string, AttributeValue> CountsToMap(PlanCounts c) => new()
    {
        ["incoming"] = Attr.N(c.Incoming),
        ["inserted"] = Attr.N(c.Inserted),
        ["unchanged"] = Attr.N(c.Unchanged),
        ["deleted"] = Attr.N(c.Deleted),
        ["ignored_older"] = Attr.N(c.IgnoredOlder),
        ["tie_conflicts"] = Attr.N(c.TieConflicts),
        ["unknown_deletes"] = Attr.N(c.UnknownDeletes),
        ["closed"] = Attr.N(c.Closed),
        ["keys_changed"] = Attr.N(c.KeysChanged),
    };

    private static PlanCounts CountsFromMap(Dictionary<string, AttributeValue> m) => new()
    {
        Incoming = Attr.GetN(m, "incoming") ?? 0,
        Inserted = Attr.GetN(m, "inserted") ?? 0,
        Unchanged = Attr.GetN(m, "unchanged") ?? 0,
        Deleted = Attr.GetN(m, "deleted") ?? 0,
        IgnoredOlder = Attr.GetN(m, "ignored_older") ?? 0,
        TieConflicts = Attr.GetN(m, "tie_conflicts") ?? 0,
        UnknownDeletes = Attr.GetN(m, "unknown_deletes") ?? 0,
        Closed = Attr.GetN(m, "closed") ?? 0,
        KeysChanged = Attr.GetN(m, "keys_changed") ?? 0,
    };
}
