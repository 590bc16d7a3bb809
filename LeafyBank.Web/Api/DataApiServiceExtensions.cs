using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LeafyBank.Web.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LeafyBank.Web.Api;

public static class DataApiServiceExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>ProblemDetails for errors, enums as names in JSON, and the OpenAPI document of the data API (bearer scheme described).</summary>
    public static WebApplicationBuilder AddDataApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        // Enum values as their names ("Debt", "ExpiringSoon"): clients should not need our ordinal order.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(DataApi.DocumentName, options =>
        {
            // Only the data API is a public contract; the app's own endpoints (sign-in, health, ledger) are not in it.
            options.ShouldInclude = description => description.GroupName == DataApi.DocumentName;
            options.AddOperationTransformer((operation, _, _) =>
            {
                DescribeQueryParameters(operation);
                return Task.CompletedTask;
            });
            // The API writes numbers as JSON numbers. The web defaults would also read them from
            // strings, which the generator reports as "number|string" with a pattern; the data API
            // reads no JSON bodies, so its document says what it sends: a number.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) &&
                    (type.HasFlag(JsonSchemaType.Number) || type.HasFlag(JsonSchemaType.Integer)))
                {
                    schema.Type = type & ~JsonSchemaType.String;
                    schema.Pattern = null;
                }
                // Strings the API only ever fills from a fixed set are declared as that set, so clients can switch on them.
                if (context.JsonPropertyInfo is { } property &&
                    DataApiVocabulary.FixedValues(property.DeclaringType, property.Name) is { } values)
                {
                    schema.Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value)!)];
                }
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                // Paths start with '/': a server URL ending in one would make them "//api/...".
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }
                var api = context.ApplicationServices.GetRequiredService<DataApiSettings>();
                document.Info.Title = "Leafy Bank Open Finance — data API";
                document.Info.License = new OpenApiLicense { Name = "Apache License 2.0", Identifier = "Apache-2.0" };
                // Whoever runs this deployment answers for its API, so the contact is the app serving the document.
                document.Info.Contact = new OpenApiContact
                {
                    Name = "Leafy Bank Open Finance",
                    Url = Uri.TryCreate(document.Servers?.FirstOrDefault()?.Url + "/", UriKind.Absolute, out var origin) ? origin : null,
                };
                document.Info.Description =
                    "The signed-in customer's global position, accounts, products, transactions and connections. " +
                    $"Send an OAuth 2.0 access token (JWT) from Leafy Bank's identity provider for audience '{api.Audience}' " +
                    $"(scope '{DataApiSettings.Scope}') as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[DataApiAuthentication.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = $"An access token for audience '{api.Audience}' whose user is a Leafy Bank customer.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(DataApiAuthentication.Scheme, document)] = [],
                });
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// The API reads page, pageSize, from and to as text so that it can name a malformed value in its
    /// validation problem; the document still tells clients their real types and ranges.
    /// </summary>
    private static void DescribeQueryParameters(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            switch (parameter.Name)
            {
                case "page":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = 1 };
                    parameter.Description = "The page to return, from 1.";
                    break;
                case "pageSize":
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = ApiPaging.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = ApiPaging.DefaultPageSize,
                    };
                    parameter.Description = $"Items per page, 1 to {ApiPaging.MaxPageSize}.";
                    break;
                case "from" or "to":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
                    parameter.Description = parameter.Name == "from"
                        ? "The first UTC day to include (yyyy-MM-dd)."
                        : "The last UTC day to include (yyyy-MM-dd).";
                    break;
                case "bank":
                    parameter.Description = "Only this bank's transactions: its id as in connections (greenbank) or its name as in accounts (Green Bank), " +
                                            "in any case. A bank the customer has no linked accounts at is a 404 that lists the ones they have.";
                    break;
                case "accountId":
                    parameter.Description = "Only this linked account's transactions: its accountId as in accounts (source external). " +
                                            "Leafy Bank's own accounts have no transactions here; an account the customer does not have is a 404.";
                    break;
                case "status":
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["booked", "pending"] };
                    parameter.Description = "Only booked or only pending transactions; both when left out.";
                    break;
            }
        }
    }
}
