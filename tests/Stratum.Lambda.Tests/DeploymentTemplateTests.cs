using System.Text.RegularExpressions;
using Stratum.Configuration;
using YamlDotNet.RepresentationModel;

namespace Stratum.Lambda.Tests;

/// <summary>
/// examples/aws-lambda/template.yaml checked against the code: the function runs the bootstrap on
/// provided.al2023; the state table has the key schema the DynamoDB store uses; the role grants
/// exactly the actions the AWS adapters call on a loader's path (found in src/Stratum.Aws), and none
/// of those docs/aws.md keeps out; every variable it sets is one Stratum reads.
/// </summary>
public sealed partial class DeploymentTemplateTests
{
    /// <summary>The SDK calls of src/Stratum.Aws and the IAM action each needs; null: not on a loader's path (setup or simulation only).</summary>
    private static readonly Dictionary<string, string?> ActionOf = new()
    {
        ["ListObjectsV2"] = "s3:ListBucket",
        ["GetObject"] = "s3:GetObject",
        ["PutObject"] = null, // simulate / demo only
        ["PutBucket"] = null, // simulate / demo only
        ["DescribeTable"] = "dynamodb:DescribeTable",
        ["CreateTable"] = null, // the state table is created by the template
        ["GetItem"] = "dynamodb:GetItem",
        ["PutItem"] = "dynamodb:PutItem",
        ["UpdateItem"] = "dynamodb:UpdateItem",
        ["DeleteItem"] = "dynamodb:DeleteItem",
        ["Query"] = "dynamodb:Query",
        ["Scan"] = "dynamodb:Scan",
    };

    private static readonly YamlMappingNode Template = Load();

    private static YamlMappingNode Resource(string name) => (YamlMappingNode)((YamlMappingNode)Template["Resources"])[name];

    private static YamlMappingNode Properties(string name) => (YamlMappingNode)Resource(name)["Properties"];

    [Fact]
    public void The_function_is_the_bootstrap_on_provided_al2023_fired_by_a_schedule()
    {
        Assert.Equal("AWS::Lambda::Function", Resource("Function")["Type"].ToString());
        Assert.Equal("provided.al2023", Properties("Function")["Runtime"].ToString());
        Assert.Equal("bootstrap", Properties("Function")["Handler"].ToString());
        Assert.False(Properties("Function").Children.ContainsKey("ReservedConcurrentExecutions")); // Stratum needs none
        Assert.Equal("AWS::Events::Rule", Resource("ScheduleRule")["Type"].ToString());
        Assert.Equal("events.amazonaws.com", Properties("ScheduleInvokes")["Principal"].ToString());
    }

    [Fact]
    public void The_state_table_has_the_key_schema_of_the_dynamodb_store()
    {
        var keys = ((YamlSequenceNode)Properties("StateTable")["KeySchema"]).Cast<YamlMappingNode>()
            .Select(k => $"{k["AttributeName"]} {k["KeyType"]}");
        Assert.Equal(["pk HASH", "sk RANGE"], keys); // docs/dynamodb.md
        Assert.Equal("PAY_PER_REQUEST", Properties("StateTable")["BillingMode"].ToString());
    }

    [Fact]
    public void The_role_grants_what_the_adapters_call_and_nothing_docs_aws_keeps_out()
    {
        var code = string.Join("\n", Directory.GetFiles(Path.Combine(Root(), "src", "Stratum.Aws"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var called = SdkCall().Matches(code).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(called, c => Assert.True(ActionOf.ContainsKey(c), $"src/Stratum.Aws calls {c}Async: say here which IAM action it needs, and grant it in the template if a loader needs it"));
        var needed = called.Select(c => ActionOf[c]).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var statements = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)Properties("FunctionRole")["Policies"])[0])["PolicyDocument"])["Statement"]).Cast<YamlMappingNode>();
        var granted = statements.SelectMany(s => s["Action"] is YamlSequenceNode list ? list.Select(a => a.ToString()) : [s["Action"].ToString()]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(needed.Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(granted, a => a is "s3:PutObject" or "s3:DeleteObject" or "dynamodb:CreateTable" or "dynamodb:BatchWriteItem" || a.EndsWith('*'));
    }

    [Fact]
    public void Every_variable_the_function_sets_is_one_stratum_reads()
    {
        var variables = ((YamlMappingNode)((YamlMappingNode)Properties("Function")["Environment"])["Variables"]).Children.Keys.Select(k => k.ToString());
        var known = ProjectSettings.EnvironmentVariables.Values.Concat(["STRATUM_CLICKHOUSE_USER", "STRATUM_CLICKHOUSE_PASSWORD", "STRATUM_LAMBDA_STOP_MARGIN"]).ToHashSet(StringComparer.Ordinal);
        Assert.All(variables, v => Assert.True(known.Contains(v), $"{v} is not a variable Stratum reads"));
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root(), "examples", "aws-lambda", "template.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Stratum.slnx")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("the repository root (Stratum.slnx) is not above the test's folder");
    }

    [GeneratedRegex(@"\.(ListObjectsV2|GetObject|PutObject|PutBucket|DescribeTable|CreateTable|GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchWriteItem|BatchGetItem|TransactWriteItems|TransactGetItems|DeleteObject|HeadObject|CopyObject)Async\(")]
    private static partial Regex SdkCall();
}
