using System.Globalization;

namespace Stratum.Cli.Tests.Ops;

/// <summary>Small contacts CSV files with event times relative to the real clock (the tool as a process reads the real clock).</summary>
public static class ContactsFiles
{
    public const string Header = "id,firstName,lastName,company_id,title,email,phone,inactive_flag,default_flag,source_system,source_id,lastUpdated";

    public static async Task LandAsync(EmbeddedWorld w, string name, TimeSpan age, params int[] ids)
    {
        var at = DateTime.UtcNow.Subtract(age).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var lines = ids.Select(i => $"{i},Ana{i},Ruiz,10,CTO,a{i}@example.com,,false,true,connectwise,{i},{at}");
        var text = string.Join('\n', [Header, .. lines]) + "\n";
        await w.Objects.PutAsync(w.Stream.Prefix + name, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), default);
    }
}
