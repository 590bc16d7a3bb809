using System.Globalization;
using System.Text.Json;
using LeafyBank.Core.Customers;
using LeafyBank.Core.Ledger;
using LeafyBank.Web.Authentication;

namespace LeafyBank.Web.Endpoints;

/// <summary>
/// The customer's own receipt of the consent and access ledger (GDPR access): every consent event
/// and data pull recorded for the signed-in customer, as a JSON file. Only ever their own entries.
/// </summary>
public static class LedgerEndpoints
{
    public const string DownloadPath = "/ledger/download";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DownloadPath, DownloadAsync)
            .RequireAuthorization()
            .WithTags("Ledger")
            .WithName("DownloadLedger")
            .WithSummary("The signed-in customer's consent and access ledger as a JSON file.");
        return endpoints;
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, CustomerCache customers, ILedgerQuery ledger, TimeProvider timeProvider)
    {
        var user = await CurrentCustomer.FindUserAsync(customers, context.User, context.RequestAborted);
        if (user is null)
        {
            return TypedResults.Problem("You are signed in, but not as a Leafy Bank customer, so there is no ledger to download.",
                statusCode: StatusCodes.Status404NotFound, title: "No ledger for this sign-in");
        }

        // One instant for the whole receipt: each outcome is read as of the time the receipt says it was made.
        var generatedAt = timeProvider.GetUtcNow().UtcDateTime;
        var entries = await ledger.GetEntriesAsync(user.Id, generatedAt, context.RequestAborted);
        var receipt = new
        {
            Customer = user.UserName,
            GeneratedAt = generatedAt,
            // What a granted consent shared, as the page says it: the receipt is the customer's record of the same ledger.
            Entries = entries.Select(e => new { e.At, e.Kind, e.Bank, e.ConsentId, e.Outcome, e.OutcomeNote, e.Detail, e.SharedAccounts }),
        };
        var fileName = string.Create(CultureInfo.InvariantCulture, $"leafybank-ledger-{user.UserName}-{generatedAt:yyyyMMdd}.json");
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(receipt, Json), "application/json", fileName);
    }
}
