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
}
