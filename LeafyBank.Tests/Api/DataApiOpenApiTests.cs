using System.Net;
using System.Text.Json.Nodes;

namespace LeafyBank.Tests.Api;

/// <summary>The OpenAPI document: every data API route, named and described, behind the bearer scheme; nothing else of the app.</summary>
public sealed class DataApiOpenApiTests(DataApiFixture fixture) : IClassFixture<DataApiFixture>
{
    [Fact]
    public async Task The_document_lists_every_route_with_its_name_and_the_bearer_scheme()
    {
        using var anonymous = fixture.ClientWith(null);

        using var response = await anonymous.GetAsync("/openapi/v1.json", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken))!;
        var operations = document["paths"]!.AsObject()
            .ToDictionary(path => path.Key, path => path.Value!["get"]!["operationId"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string>
        {
            ["/api/v1/position"] = "GetPosition",
            ["/api/v1/accounts"] = "ListAccounts",
            ["/api/v1/accounts/{id}"] = "GetAccount",
            ["/api/v1/products"] = "ListProducts",
            ["/api/v1/transactions"] = "ListTransactions",
            ["/api/v1/connections"] = "ListConnections",
        }, operations);
        Assert.All(document["paths"]!.AsObject(), path =>
        {
            Assert.False(string.IsNullOrWhiteSpace(path.Value!["get"]!["summary"]?.GetValue<string>()), path.Key);
            Assert.False(string.IsNullOrWhiteSpace(path.Value!["get"]!["description"]?.GetValue<string>()), path.Key);
        });

        var bearer = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", bearer["type"]!.GetValue<string>());
        Assert.Equal("bearer", bearer["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", bearer["bearerFormat"]!.GetValue<string>());
        Assert.NotNull(document["security"]![0]!["Bearer"]);

        var transactions = document["paths"]!["/api/v1/transactions"]!["get"]!;
        var parameters = transactions["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!);
        Assert.Equal(["bank", "accountId", "status", "search", "from", "to", "page", "pageSize"], parameters.Keys);
        Assert.Equal("integer", parameters["pageSize"]["type"]!.GetValue<string>());
        Assert.Equal("200", parameters["pageSize"]["maximum"]!.ToJsonString());
        Assert.Equal("date", parameters["from"]["format"]!.GetValue<string>());
        Assert.NotNull(transactions["responses"]!["400"]);
        Assert.NotNull(transactions["responses"]!["404"]);
    }

    [Fact]
    public async Task Numbers_are_typed_as_numbers_and_server_urls_have_no_trailing_slash()
    {
        using var anonymous = fixture.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Xunit.TestContext.Current.CancellationToken))!;

        var numberOrString = Walk(document)
            .Where(node => node["type"] is JsonArray types &&
                           types.Any(t => t?.GetValue<string>() == "string") &&
                           types.Any(t => t?.GetValue<string>() is "number" or "integer"))
            .Select(node => node.GetPath())
            .ToList();
        Assert.Empty(numberOrString);
        var amount = Walk(document).First(node => node["properties"]?["amount"] is not null)["properties"]!["amount"]!;
        Assert.Contains(amount["type"] is JsonArray array ? array.Select(t => t!.GetValue<string>()) : [amount["type"]!.GetValue<string>()],
            type => type is "number" or "integer");

        Assert.All(document["servers"]?.AsArray() ?? [], server => Assert.False(server!["url"]!.GetValue<string>().EndsWith('/')));
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var child in obj.SelectMany(property => Walk(property.Value)))
                {
                    yield return child;
                }
                break;
            case JsonArray array:
                foreach (var child in array.SelectMany(Walk))
                {
                    yield return child;
                }
                break;
        }
    }
}
