using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace LeafyBank.Tests.Sandbox.Dialects;

/// <summary>One response as the suite saw it: what was asked (method and the document's path template) and what came back.</summary>
public sealed record ObservedResponse(string Method, string PathTemplate, int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public static async Task<ObservedResponse> ReadAsync(string method, string pathTemplate, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ObservedResponse(method, pathTemplate, (int)response.StatusCode, headers,
            response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public override string ToString() => $"{Method} {PathTemplate} → {Status}";
}

/// <summary>
/// Checks a response against an official OpenAPI document, for any standard: the status code is
/// one the operation documents, every header the document marks required for that response is
/// there, and the body is valid against the response's schema (all <c>$ref</c>s followed, formats
/// asserted) — or absent when the document defines no body. The document is read with
/// Microsoft.OpenApi and written out as OpenAPI 3.1, whose schemas are JSON Schema 2020-12 (3.0's
/// <c>nullable</c> becomes a type union), then evaluated with JsonSchema.Net.
/// </summary>
public sealed class OpenApiConformance
{
    private readonly OpenApiDocument document;
    private readonly JsonObject definitions;
    private readonly string id;
    private readonly Dictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);

    private OpenApiConformance(OpenApiDocument document, JsonObject definitions, string id)
    {
        this.document = document;
        this.definitions = definitions;
        this.id = id;
    }

    public string Title => document.Info.Title ?? id;

    public static OpenApiConformance Load(string path)
    {
        var text = File.ReadAllText(path);
        var read = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        var document = read.Document ?? throw new InvalidOperationException($"{path} is not an OpenAPI document: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
        var asV31 = JsonNode.Parse(Serialize(document.SerializeAsV31))!.AsObject();
        var definitions = asV31["components"]?["schemas"]?.DeepClone().AsObject() ?? [];
        RewriteReferences(definitions);
        return new OpenApiConformance(document, definitions, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Every operation the document defines, as (METHOD, path template).</summary>
    public IEnumerable<(string Method, string Path)> Operations =>
        document.Paths.SelectMany(path => (path.Value.Operations ?? []).Select(operation => (operation.Key.Method.ToUpperInvariant(), path.Key)));

    /// <summary>The operations the document files under <paramref name="tag"/> (e.g. Berlin Group's "Account Information Service (AIS)").</summary>
    public IEnumerable<(string Method, string Path)> OperationsTagged(string tag) =>
        document.Paths.SelectMany(path => (path.Value.Operations ?? [])
            .Where(operation => operation.Value.Tags?.Any(t => t.Name == tag) == true)
            .Select(operation => (operation.Key.Method.ToUpperInvariant(), path.Key)));

    /// <summary>Whether the document defines this operation.</summary>
    public bool Defines(string method, string pathTemplate) => FindOperation(method, pathTemplate) is not null;

    /// <summary>Every way <paramref name="observed"/> departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Violations(ObservedResponse observed)
    {
        var operation = FindOperation(observed.Method, observed.PathTemplate);
        if (operation is null)
        {
            return [$"{observed}: the document defines no {observed.Method} {observed.PathTemplate}."];
        }
        var status = observed.Status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses?.TryGetValue(status, out var response) != true || response is null)
        {
            return [$"{observed}: status {status} is not documented for this operation (documented: {string.Join(", ", operation.Responses?.Keys.ToArray() ?? [])})."];
        }

        var violations = new List<string>();
        foreach (var (name, header) in response.Headers ?? new Dictionary<string, IOpenApiHeader>())
        {
            if (header.Required && !observed.Headers.ContainsKey(name))
            {
                violations.Add($"{observed}: required header {name} is missing.");
            }
        }

        var content = response.Content;
        if (content is null || content.Count == 0)
        {
            if (observed.Body.Length > 0)
            {
                violations.Add($"{observed}: the document defines no body for {status}, but one was sent ({observed.Body.Length} characters).");
            }
            return violations;
        }
        var mediaType = observed.ContentType ?? "";
        var media = content.FirstOrDefault(c => MediaTypeMatches(c.Key, mediaType));
        if (media.Value?.Schema is not { } schema)
        {
            violations.Add($"{observed}: content type '{mediaType}' is not one the document defines ({string.Join(", ", content.Keys)}).");
            return violations;
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(observed.Body);
        }
        catch (JsonException exception)
        {
            violations.Add($"{observed}: the body is not JSON ({exception.Message}).");
            return violations;
        }
        var key = $"{observed.Method} {observed.PathTemplate} {status} {media.Key}";
        if (!schemas.TryGetValue(key, out var compiled))
        {
            compiled = schemas[key] = Compile(schema, key);
        }
        var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            violations.AddRange((result.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{observed}: {detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))
                .Distinct());
            if (violations.Count == 0)
            {
                violations.Add($"{observed}: the body does not match the documented schema.");
            }
        }
        return violations;
    }

    private OpenApiOperation? FindOperation(string method, string pathTemplate) =>
        document.Paths.TryGetValue(pathTemplate, out var path) && path.Operations is { } operations
            ? operations.FirstOrDefault(o => string.Equals(o.Key.Method, method, StringComparison.OrdinalIgnoreCase)).Value
            : null;

    private JsonSchema Compile(IOpenApiSchema schema, string key)
    {
        var root = JsonNode.Parse(Serialize(schema.SerializeAsV31))!.AsObject();
        RewriteReferences(root);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$id"] = $"https://conformance.leafybank.test/{id}/{Uri.EscapeDataString(key)}";
        root["$defs"] = definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static bool MediaTypeMatches(string documented, string actual) =>
        string.Equals(documented.Split(';')[0].Trim(), actual, StringComparison.OrdinalIgnoreCase);

    private static string Serialize(Action<IOpenApiWriter> serialize)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        serialize(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    /// <summary>Points the document's <c>#/components/schemas/X</c> references at the <c>$defs</c> the root schema carries.</summary>
    private static void RewriteReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is var target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/$defs/" + target["#/components/schemas/".Length..];
                }
                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child);
                }
                break;
        }
    }
}
