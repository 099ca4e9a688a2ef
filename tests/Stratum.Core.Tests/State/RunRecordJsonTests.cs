using Stratum.Names;
using Stratum.State;

namespace Stratum.Core.Tests.State;

/// <summary>
/// The run log's stored form is read back from databases written by earlier versions: a round trip
/// alone would pass with any naming, so the names and a record in the stored form are pinned here.
/// </summary>
public sealed class RunRecordJsonTests
{
    [Fact]
    public void A_record_is_stored_with_snake_case_names_and_the_stream_as_its_key()
    {
        var json = RunRecordJson.Serialize(new RunRecord
        {
            LoadId = "L1",
            Stream = new StreamId(TenantId.Parse("acme"), Identifier.Parse("contacts")),
            Owner = "w1",
            Started = new DateTimeOffset(2025, 6, 21, 9, 0, 0, TimeSpan.Zero),
            Finished = new DateTimeOffset(2025, 6, 21, 9, 0, 1, TimeSpan.Zero),
            Outcome = LoadOutcome.Loaded,
            FilesSeen = 3,
            FilesAlreadyLoaded = 1,
            TieConflicts = 2,
        });
        Assert.Contains("\"load_id\":\"L1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"stream\":\"acme/contacts\"", json, StringComparison.Ordinal);
        Assert.Contains("\"files_seen\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"files_already_loaded\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"tie_conflicts\":2", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_in_the_stored_form_is_read_back_whole()
    {
        const string stored = """
            {"load_id":"L9","stream":"acme/contacts","owner":"w2","started":"2025-06-21T09:00:00+00:00","finished":"2025-06-21T09:00:02+00:00",
             "outcome":"nothing-pending","files_seen":7,"files_already_loaded":7,"files_committed":0,"files_quarantined":0,"rows_read":0,
             "counts":{"inserted":0},"tie_conflicts":0,"coarse_tie_conflicts":0,"conflicts":[],"error":null}
            """;
        var r = RunRecordJson.Deserialize(stored);
        Assert.Equal("L9", r.LoadId);
        Assert.Equal("acme/contacts", r.Stream.Key);
        Assert.Equal("w2", r.Owner);
        Assert.Equal(LoadOutcome.NothingPending, r.Outcome);
        Assert.Equal(7, r.FilesSeen);
        Assert.Equal(7, r.FilesAlreadyLoaded);
        Assert.Equal(new DateTimeOffset(2025, 6, 21, 9, 0, 2, TimeSpan.Zero), r.Finished);
    }
}
