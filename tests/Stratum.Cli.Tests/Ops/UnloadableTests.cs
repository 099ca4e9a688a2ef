using System.Text.Json;

namespace Stratum.Cli.Tests.Ops;

/// <summary>
/// Nothing landed is ignored in silence: <c>status</c>, <c>run</c> and <c>check</c> as processes
/// name every file and folder the loader will never read, with the reason.
/// </summary>
public class UnloadableTests
{
    /// <summary>A world with tenants found from the folders (auto), one good file, and one of each kind of unloadable object.</summary>
    public static async Task<EmbeddedWorld> LandedAsync(string tenant)
    {
        var w = new EmbeddedWorld("contacts", tenant: tenant);
        var yaml = Path.Combine(w.Dir, "stratum.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace($"tenants: {tenant}", "tenants: auto", StringComparison.Ordinal));
        await ContactsFiles.LandAsync(w, "ok.csv", TimeSpan.FromMinutes(2), 1, 2);
        foreach (var key in new[]
                 {
                     $"{tenant}/canonical/unknown_table/x.csv", "Bad Tenant!/canonical/contacts/x.csv", $"{tenant}/canonical/contacts/x.xlsx",
                     $"{tenant}/canonical/stray.csv", "stray.txt", "initech/raw/a.json",
                 })
        {
            await w.Objects.PutAsync(key, new MemoryStream("id\n1\n"u8.ToArray()), default);
        }
        return w;
    }

    private static List<(string Key, string Reason)> Unloadable(JsonElement result)
        => [.. result.GetProperty("unloadable").EnumerateArray().Select(u => (u.GetProperty("key").GetString()!, u.GetProperty("reason").GetString()!))];

    [Fact]
    public async Task Status_run_and_check_name_what_will_never_be_loaded_with_the_reason()
    {
        const string t = "unl-acme";
        await using var w = await LandedAsync(t);

        // status, before any load: everything, the unreadable file in the stream's folder included.
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal(
        [
            ("Bad Tenant!/", "invalid_tenant_name"),
            ("initech/", "no_canonical_folder"),
            ("stray.txt", "outside_tenant_folder"),
            ($"{t}/canonical/contacts/x.xlsx", "unsupported_extension"),
            ($"{t}/canonical/stray.csv", "outside_table_folder"),
            ($"{t}/canonical/unknown_table/", "no_contract"),
        ], Unloadable(JsonDocument.Parse(stdout).RootElement).OrderBy(u => u.Reason == "unsupported_extension" || u.Key.StartsWith(t, StringComparison.Ordinal) ? 1 : 0).ThenBy(u => u.Key, StringComparer.Ordinal));
        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status");
        Assert.Equal(0, exit);
        Assert.Contains("6 landed objects are never loaded", stdout, StringComparison.Ordinal);
        Assert.Contains($"{t}/canonical/unknown_table/", stdout, StringComparison.Ordinal);
        Assert.Contains("no contract for table 'unknown_table'", stdout, StringComparison.Ordinal);
        Assert.Contains("Bad Tenant!/", stdout, StringComparison.Ordinal);
        Assert.Contains("no reader for its extension '.xlsx'", stdout, StringComparison.Ordinal);

        // run: loads the good file, quarantines the .xlsx (as before: exit 1), and names the rest.
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "run", "--json");
        Assert.True(exit == 1, $"the .xlsx is quarantined: exit 1; got {exit}\n{stdout}\n{stderr}");
        var run = JsonDocument.Parse(stdout).RootElement;
        var contacts = run.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("stream").GetString() == $"{t}/contacts");
        Assert.Equal(1, contacts.GetProperty("files_committed").GetInt32());
        Assert.Equal(1, contacts.GetProperty("files_quarantined").GetInt32());
        Assert.Equal(5, Unloadable(run).Count);
        Assert.Contains(($"{t}/canonical/unknown_table/", "no_contract"), Unloadable(run));
        var bad = run.GetProperty("unloadable").EnumerateArray().Single(u => u.GetProperty("key").GetString() == "Bad Tenant!/");
        Assert.True(bad.GetProperty("is_folder").GetBoolean());
        Assert.Equal("Bad Tenant!", bad.GetProperty("tenant").GetString());
        Assert.Contains("' ' at position 4", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (_, stdout, _) = await StratumProcess.RunAsync(w.Dir, "run");
        Assert.Contains("5 landed objects are never loaded", stdout, StringComparison.Ordinal);
        Assert.Contains("initech/", stdout, StringComparison.Ordinal);

        // After the load the .xlsx is quarantined (named by `quarantine list`), no longer unloadable.
        (_, stdout, _) = await StratumProcess.RunAsync(w.Dir, "status", "--json");
        Assert.DoesNotContain(Unloadable(JsonDocument.Parse(stdout).RootElement), u => u.Reason == "unsupported_extension");

        // check: a failing verdict on the landing root that names them; the threshold lets them through.
        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--json", "--max-quarantined", "1");
        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        var check = JsonDocument.Parse(stdout).RootElement;
        var verdict = check.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("check").GetString() == "unloadable");
        Assert.False(verdict.GetProperty("passed").GetBoolean());
        Assert.Equal("landing", verdict.GetProperty("stream").GetString());
        Assert.Equal(5, verdict.GetProperty("value").GetInt32());
        Assert.Equal("<= 0", verdict.GetProperty("threshold").GetString());
        var measured = verdict.GetProperty("measured").GetString()!;
        Assert.Contains("Bad Tenant!/: not a tenant folder", measured, StringComparison.Ordinal);
        Assert.Contains($"{t}/canonical/unknown_table/: no contract", measured, StringComparison.Ordinal);
        Assert.Equal(5, Unloadable(check).Count);
        Assert.All(check.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("check").GetString() != "unloadable"),
            r => Assert.True(r.GetProperty("passed").GetBoolean(), r.ToString()));

        (exit, stdout, _) = await StratumProcess.RunAsync(w.Dir, "check", "--max-quarantined", "1");
        Assert.Equal(1, exit);
        Assert.Contains("1 of 33 checks failed on 0 of 4 streams and on the landing root (5 never loaded).", stdout, StringComparison.Ordinal);

        (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "check", "--max-quarantined", "1", "--max-unloadable", "5");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");

        File.AppendAllText(Path.Combine(w.Dir, "stratum.yaml"), "\ncheck:\n  max_quarantined: 1\n  max_unloadable: 5\n");
        Assert.Equal(0, (await StratumProcess.RunAsync(w.Dir, "check")).Exit);
    }

    [Fact]
    public async Task A_narrowed_command_does_not_survey_the_root_but_still_names_unreadable_files_of_its_streams()
    {
        await using var w = await LandedAsync("unl-narrow");
        var (exit, stdout, stderr) = await StratumProcess.RunAsync(w.Dir, "status", "--tenant", "unl-narrow", "--json");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Equal([("unl-narrow/canonical/contacts/x.xlsx", "unsupported_extension")], Unloadable(JsonDocument.Parse(stdout).RootElement));
    }
}
