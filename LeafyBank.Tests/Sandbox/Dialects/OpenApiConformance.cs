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
public sealed class OpenApiConformance(OpenApiDocument document, JsonObject definitions, string id)
{
    private readonly Dictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);

    public string Title => document.Info.Title ?? id;

    public static OpenApiConformance Load(string path)
    {
        var read = OpenApiDocument.Parse(File.ReadAllText(path), "json", new OpenApiReaderSettings());
        var document = read.Document ?? throw new InvalidOperationException($"{path} is not an OpenAPI document: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
        var definitions = AsV31(document.SerializeAsV31)["components"]?["schemas"]?.DeepClone().AsObject() ?? [];
        return new OpenApiConformance(document, definitions, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>
    /// Every operation the document defines, as (METHOD, path template), or only those it files under
    /// <paramref name="tag"/> (e.g. Berlin Group's "Account Information Service (AIS)").
    /// </summary>
    public IEnumerable<(string Method, string Path)> Operations(string? tag = null) =>
        document.Paths.SelectMany(path => (path.Value.Operations ?? [])
            .Where(operation => tag is null || operation.Value.Tags?.Any(t => t.Name == tag) == true)
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

        var violations = (response.Headers ?? new Dictionary<string, IOpenApiHeader>())
            .Where(header => header.Value.Required && !observed.Headers.ContainsKey(header.Key))
            .Select(header => $"{observed}: required header {header.Key} is missing.").ToList();

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
        var media = content.FirstOrDefault(c => string.Equals(c.Key.Split(';')[0].Trim(), mediaType, StringComparison.OrdinalIgnoreCase));
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
        var compiled = schemas.TryGetValue(key, out var cached) ? cached : schemas[key] = Compile(schema, key);
        var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{observed}: {detail.InstanceLocation} ({detail.EvaluationPath}): {error.Value}"))
                .Distinct().ToList();
            violations.AddRange(errors.Count > 0 ? errors : [$"{observed}: the body does not match the documented schema."]);
        }
        return violations;
    }

    private OpenApiOperation? FindOperation(string method, string pathTemplate) =>
        document.Paths.TryGetValue(pathTemplate, out var path) && path.Operations is { } operations
            ? operations.FirstOrDefault(o => string.Equals(o.Key.Method, method, StringComparison.OrdinalIgnoreCase)).Value
            : null;

    private JsonSchema Compile(IOpenApiSchema schema, string key)
    {
        var root = AsV31(schema.SerializeAsV31);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$id"] = $"https://conformance.leafybank.test/{id}/{Uri.EscapeDataString(key)}";
        root["$defs"] = definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString());
    }

    /// <summary>
    /// Part of the document written as OpenAPI 3.1, its <c>#/components/schemas/X</c> references
    /// pointed at the <c>$defs</c> every compiled schema carries.
    /// </summary>
    private static JsonObject AsV31(Action<IOpenApiWriter> serialize)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        serialize(new OpenApiJsonWriter(text));
        return JsonNode.Parse(text.ToString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal))!.AsObject();
    }
}
