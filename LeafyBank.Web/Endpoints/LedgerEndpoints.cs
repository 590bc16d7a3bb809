using System.Globalization;
using System.Text.Json;
using LeafyBank.Core.Banking;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Ledger;
using LeafyBank.Web.Authentication;
using LeafyBank.Web.Components.Pages.Ledger;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// The customer's own receipt of the consent and access ledger (GDPR access): every consent event
/// and data pull recorded for the signed-in customer, as a JSON file (<see cref="LedgerReceipt"/>: the page's words, readable
/// without Leafy Bank's code). Only ever their own entries.
/// </summary>
public static class LedgerEndpoints
{
    public const string DownloadPath = "/ledger/download";

    // camelCase names, and accents, apostrophes and "••••" written as themselves: the file is read by people, not only by
    // programs. Relaxed escaping is safe here: the file is only ever served as a JSON attachment, never placed in a page.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DownloadPath, DownloadAsync)
            .RequireAuthorization()
            .WithTags("Ledger")
            .WithName("DownloadLedger")
            .WithSummary("The signed-in customer's consent and access ledger as a JSON file.");
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, CustomerCache customers, ILedgerQuery ledger, IBankDirectory directory,
        TimeProvider timeProvider)
    {
        var user = await CurrentCustomer.FindUserAsync(customers, context.User, context.RequestAborted);
        if (user is null)
        {
            return TypedResults.Problem("You are signed in, but not as a Leafy Bank customer, so there is no ledger to download.",
                statusCode: StatusCodes.Status404NotFound, title: "No ledger for this sign-in");
        }

        // One instant for the whole receipt: each outcome is read as of the time the receipt says it was made.
        var generatedAt = timeProvider.GetUtcNow().UtcDateTime;
        var rows = await LedgerRow.ReadAsync(ledger, directory, user.Id, generatedAt, context.RequestAborted);
        var receipt = LedgerReceipt.From(user.UserName, generatedAt, rows);
        // Personal data: no browser or proxy cache may keep a copy (a shared computer's cache would hand it to the next person).
        context.Response.Headers.CacheControl = "no-store";
        var fileName = string.Create(CultureInfo.InvariantCulture, $"leafybank-ledger-{user.UserName}-{generatedAt:yyyyMMdd}.json");
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(receipt, Json), "application/json", fileName);
    }
}
