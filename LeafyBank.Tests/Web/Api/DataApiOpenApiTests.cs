namespace LeafyBank.Tests.Web.Api;

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

    [Fact]
    public async Task Status_and_source_are_enums_of_their_fixed_sets_and_the_licence_is_named()
    {
        using var anonymous = fixture.ClientWith(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Xunit.TestContext.Current.CancellationToken))!;
        var schemas = document["components"]!["schemas"]!;
        string[] Enum(string schema, string property) =>
            [.. schemas[schema]!["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal)];

        Assert.Equal(["Active", "Closed", "Inactive"], Enum("AccountResponse", "status"));
        Assert.Equal(["external", "leafybank"], Enum("AccountResponse", "source"));
        Assert.Equal(["Active", "Closed"], Enum("ProductResponse", "status"));
        Assert.Equal(["booked", "pending"], Enum("TransactionResponse", "status"));
        Assert.Null(schemas["AccountResponse"]!["properties"]!["name"]!["enum"]);
        Assert.Equal("Apache-2.0", document["info"]!["license"]!["identifier"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(document["info"]!["license"]!["name"]!.GetValue<string>()));
    }

    /// <summary>
    /// The lint that runs wherever the suite runs, with no npm: Microsoft.OpenApi's reader (the library the official
    /// documents are read with). The document reads with no errors or warnings, and keeps the rules a generated client
    /// relies on. Spectral's OpenAPI rules run on the same document in <see cref="DataApiSpectralTests"/>.
    /// </summary>
    [Fact]
    public async Task The_document_passes_the_lint_with_no_errors()
    {
        using var anonymous = fixture.ClientWith(null);
        var text = await anonymous.GetStringAsync("/openapi/v1.json", Xunit.TestContext.Current.CancellationToken);

        var read = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json", new Microsoft.OpenApi.Reader.OpenApiReaderSettings());

        Assert.True(read.Diagnostic?.Errors.Count is null or 0, string.Join("; ", read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        Assert.True(read.Diagnostic?.Warnings.Count is null or 0, string.Join("; ", read.Diagnostic?.Warnings.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        var document = read.Document!;
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1, read.Diagnostic!.SpecificationVersion);
        var findings = new List<string>();
        var operations = document.Paths.SelectMany(path => (path.Value.Operations ?? []).Select(o => (Name: $"{o.Key} {path.Key}", Operation: o.Value))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (name, operation) in operations)
        {
            if (string.IsNullOrWhiteSpace(operation.OperationId))
            {
                findings.Add($"{name}: no operationId");
            }
            var responses = operation.Responses ?? new Microsoft.OpenApi.OpenApiResponses();
            if (!responses.Keys.Any(status => status.StartsWith('2')))
            {
                findings.Add($"{name}: no success response documented");
            }
            if (!responses.ContainsKey("401"))
            {
                findings.Add($"{name}: the bearer scheme's 401 is not documented");
            }
            findings.AddRange(responses.Where(r => string.IsNullOrWhiteSpace(r.Value.Description)).Select(r => $"{name}: response {r.Key} has no description"));
            findings.AddRange(responses.Where(r => r.Key.StartsWith('2') && r.Value.Content is not { Count: > 0 } && r.Key != "204")
                .Select(r => $"{name}: response {r.Key} has no body schema"));
        }
        findings.AddRange(operations.GroupBy(o => o.Operation.OperationId).Where(g => g.Count() > 1).Select(g => $"operationId {g.Key} is used {g.Count()} times"));
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
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
