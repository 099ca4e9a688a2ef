using Stratum.Lambda.Events;

namespace Stratum.Lambda.Tests;

public sealed class EventParserTests
{
    [Fact]
    public void An_eventbridge_schedule_is_a_whole_pass()
        => Assert.IsType<LambdaEvent.Scheduled>(EventParser.Parse("""{"detail-type":"Scheduled Event","source":"aws.events","detail":{}}"""));

    [Fact]
    public void A_tenant_with_or_without_a_table_is_that_tenant()
    {
        Assert.Equal(new LambdaEvent.OneTenant("acme", "time_entries"), EventParser.Parse("""{"tenant":"acme","table":"time_entries"}"""));
        Assert.Equal(new LambdaEvent.OneTenant("acme", null), EventParser.Parse("""{"tenant":"acme"}"""));
        Assert.Equal(new LambdaEvent.OneTenant("acme", null), EventParser.Parse("""{"tenant":"acme","table":null}"""));
    }

    [Fact]
    public void S3_keys_are_url_decoded_and_only_creations_count()
    {
        var e = Assert.IsType<LambdaEvent.ObjectsCreated>(EventParser.Parse("""
            {"Records":[
              {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"object":{"key":"acme/canonical/t/a+b%C3%A9%2B.csv"}}},
              {"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"object":{"key":"acme/canonical/t/gone.csv"}}},
              {"eventSource":"aws:s3","eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"object":{"key":"acme/canonical/t/big.parquet"}}}
            ]}
            """));
        Assert.Equal(["acme/canonical/t/a bé+.csv", "acme/canonical/t/big.parquet"], e.Keys);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("""{"tenant":""}""", "non-empty")]
    [InlineData("""{"tenant":"acme","table":3}""", "\"table\" must be a string")]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs"}]}""", "record 0: eventSource is 'aws:sqs'")]
    [InlineData("""{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{}}]}""", "record 0: no s3.object.key")]
    [InlineData("""{"what":1}""", "unrecognised event with fields what")]
    public void An_event_it_cannot_act_on_says_why(string json, string expected)
    {
        var e = Assert.Throws<BadEventException>(() => EventParser.Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
