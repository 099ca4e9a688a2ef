using Stratum.Planning;

namespace Stratum.Core.Tests.Planning;

/// <summary>A composite key's text is unambiguous: parts holding the separator (or anything) never make two keys one.</summary>
public class CompositeKeyTests
{
    private readonly PlannerFixture _f = new(2, compositeKey: true);

    private RowKey Key(string id, string sub) => _f.Version([id, sub], 0, "v").Key;

    [Theory]
    [InlineData("a|b", "c", "a", "b|c")]
    [InlineData("a\u001fb", "c", "a", "b\u001fc")]
    [InlineData("1:a", "", "", "1:a")]
    [InlineData("a:", "b", "a", ":b")]
    public void Keys_whose_parts_join_to_the_same_text_stay_two_keys(string id1, string sub1, string id2, string sub2)
    {
        Assert.NotEqual(Key(id1, sub1), Key(id2, sub2));
        Assert.NotEqual(Key(id1, sub1).Text, Key(id2, sub2).Text);
    }

    [Fact]
    public void Each_part_is_its_UTF8_byte_length_a_colon_and_the_part()
    {
        Assert.Equal("3:a|b1:c", Key("a|b", "c").Text);
        Assert.Equal("1:a3:b|c", Key("a", "b|c").Text);
        Assert.Equal("2:é4:😀", Key("é", "😀").Text);
        Assert.Equal("0:0:", Key("", "").Text);
    }

    [Fact]
    public void Null_differs_from_the_empty_string_and_decodes_back()
    {
        Assert.Equal("-1:x", CompositeKey.Encode([null, "x"]));
        Assert.Equal("0:1:x", CompositeKey.Encode(["", "x"]));
        Assert.Equal(new string?[] { null, "x" }, CompositeKey.Decode("-1:x"));
        Assert.Equal(new string?[] { "a|b", "😀", "" }, CompositeKey.Decode("3:a|b4:😀0:"));
        Assert.Null(CompositeKey.Decode("5:ab"));
    }

    [Fact]
    public void Display_joins_with_a_bar_and_quotes_when_a_part_holds_one()
    {
        Assert.Equal("a|c", Key("a", "c").ToString());
        Assert.Equal("\"a|b\"|\"c\"", Key("a|b", "c").ToString());
        Assert.Equal("\"a\"|\"b|c\"", Key("a", "b|c").ToString());
        Assert.Equal("k1", RowKey.Of("k1").ToString());
    }

    [Fact]
    public void The_planner_keeps_the_two_keys_apart()
    {
        var plan = _f.Planner.Plan([], [_f.Version(["a|b", "c"], 0, "x"), _f.Version(["a", "b|c"], 0, "y")], "load");
        var plan2 = _f.Planner.Plan([], [_f.Version(["a\u001fb", "c"], 0, "x"), _f.Version(["a", "b\u001fc"], 0, "y")], "load");

        Assert.Equal(2, plan.Keys.Count);
        Assert.Equal(2, plan.AllRows.Count(r => r.IsCurrent));
        Assert.Equal(2, plan2.Keys.Count);
        Assert.Equal(2, plan2.AllRows.Count(r => r.IsCurrent));
    }
}
