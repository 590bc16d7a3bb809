using System.Text;
using System.Text.Encodings.Web;
using LeafyBank.Sandbox.Banks;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The bank-hosted pages' frame: server-rendered HTML, inline styles, no external assets (the
/// sandbox runs offline). Every dynamic value goes through <see cref="Encode"/>.
/// </summary>
internal static class BankPage
{
    private const string Styles = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6f5;color:#1c2b24;margin:0}
        header{background:#1f4d3a;color:#fff;padding:14px 24px;display:flex;align-items:center;gap:12px}
        header .badge{background:#fff;color:#1f4d3a;border-radius:6px;padding:4px 8px;font-weight:700}
        header .bank{flex:1;min-width:0;display:flex;flex-wrap:wrap;align-items:baseline;column-gap:12px;row-gap:2px}
        header .sandbox{margin-left:auto;font-size:12px;opacity:.8;white-space:nowrap}
        main{max-width:640px;margin:24px auto;background:#fff;border-radius:10px;padding:24px 28px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
        h1{font-size:22px;margin-top:0} label{display:block;margin:10px 0 4px} a{color:#1f4d3a}
        input[type=text],input[type=password]{width:100%;padding:8px;border:1px solid #b8c4be;border-radius:6px;box-sizing:border-box}
        button{padding:9px 18px;border-radius:6px;border:1px solid #1f4d3a;font-size:15px;cursor:pointer;margin-right:8px}
        button.primary{background:#1f4d3a;color:#fff} button.secondary{background:#fff;color:#1f4d3a}
        a.button{display:inline-block;padding:9px 18px;border-radius:6px;border:1px solid #1f4d3a;font-size:15px;text-decoration:none}
        a.button.primary{background:#1f4d3a;color:#fff}
        .support{margin-top:24px;font-size:12px;color:#4a5d54}
        .hint{background:#eef5f1;border-left:4px solid #1f4d3a;padding:8px 12px;font-size:14px}
        .error{background:#fdecea;border-left:4px solid #b3261e;padding:8px 12px}
        table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:6px 4px;border-bottom:1px solid #e3e8e5;font-size:14px}
        ul{padding-left:20px}
        fieldset{border:none;margin:12px 0;padding:0;min-width:0} legend{font-weight:600;padding:0}
        fieldset label{display:flex;gap:8px;align-items:baseline;overflow-wrap:anywhere}
        .actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:20px} .actions button{margin-right:0}
        button.link{background:none;border:none;color:#1f4d3a;text-decoration:underline;padding:4px 0;font-size:15px;margin:0}
        .cancel{margin-top:20px;padding-top:12px;border-top:1px solid #e3e8e5}
        .code{font-size:28px;letter-spacing:6px;font-weight:700;font-family:ui-monospace,monospace}
        input.otp{font-size:22px;letter-spacing:6px;max-width:12ch;font-family:ui-monospace,monospace}
        .consent{border:1px solid #e3e8e5;border-radius:8px;padding:12px 16px;margin:12px 0}
        .consent h2{font-size:17px;margin:0 0 8px} .consent dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;font-size:14px}
        .consent dt{color:#4a5d54} .consent dd{margin:0;overflow-wrap:anywhere} .consent ul{margin:0;padding-left:18px}
        .status{display:inline-block;border-radius:10px;padding:1px 8px;font-size:13px;background:#e3e8e5}
        .status.active{background:#d7efe2;color:#1f4d3a}
        @media (max-width:480px){main{margin:12px 8px;padding:16px} header{padding:12px 14px} header .bank{flex-direction:column;align-items:flex-start} header .sandbox{margin-left:0} .consent dl{grid-template-columns:1fr} .consent dt{margin-top:6px}}
        """;

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    public static IResult Render(SandboxBank bank, string title, string body, int statusCode = StatusCodes.Status200OK)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            // No favicon: without this line browsers ask for /favicon.ico, a 404 in their console.
            .Append("<link rel=\"icon\" href=\"data:,\">")
            .Append("<title>").Append(Encode(title)).Append(" — ").Append(Encode(bank.Name)).Append("</title>")
            .Append("<style>").Append(Styles).Append("</style></head><body>")
            // The name and the tag as one block beside the badge: on a phone the tag moves under the name whole, never broken beside it.
            .Append("<header><span class=\"badge\">").Append(Encode(bank.Initials)).Append("</span><span class=\"bank\"><strong>")
            .Append(Encode(bank.Name)).Append("</strong><span class=\"sandbox\">Sandbox bank — demo data only</span></span></header>")
            .Append("<main>").Append(body).Append("</main></body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>The hidden antiforgery field every POST form carries.</summary>
    public static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken)}\">";
    }

    /// <summary>Validates the form's antiforgery token; a failure is a plain 400 page.</summary>
    public static async Task<IResult?> RejectForgedPostAsync(HttpContext context, IAntiforgery antiforgery, SandboxBank bank)
    {
        if (await antiforgery.IsRequestValidAsync(context))
        {
            return null;
        }
        return Render(bank, "Form expired",
            "<h1>This form has expired</h1><p>Go back, reload the page and try again.</p>", StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Cancel: posts the pending authorization request back to the authorization endpoint, which
    /// ends it and sends the customer back to the third party with <c>access_denied</c>.
    /// </summary>
    public static string CancelForm(HttpContext context, IAntiforgery antiforgery, IEnumerable<KeyValuePair<string, string>> parameters, string requestingParty)
    {
        var form = new StringBuilder()
            .Append("<form class=\"cancel\" method=\"post\" action=\"")
            .Append(Encode($"{context.Request.PathBase}{Authorization.AuthorizationEndpoints.AuthorizePath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery));
        foreach (var (name, value) in parameters)
        {
            form.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">");
        }
        return form.Append("<button class=\"link\" type=\"submit\" name=\"decision\" value=\"cancel\" data-testid=\"cancel\">Cancel and go back to ")
            .Append(Encode(requestingParty)).Append("</button></form>").ToString();
    }

    /// <summary>The name the third party registered with the bank, as the customer knows it.</summary>
    public static async Task<string> RequestingPartyAsync(OpenIddict.Abstractions.IOpenIddictApplicationManager applications, string? clientId, CancellationToken cancellationToken)
    {
        var application = string.IsNullOrEmpty(clientId) ? null : await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null
            ? "the app that sent you here"
            : await applications.GetDisplayNameAsync(application, cancellationToken) ?? clientId!;
    }

    /// <summary>Plain words for each permission, as the customer reads them.</summary>
    public static string Describe(string permission) => permission switch
    {
        "accounts" => "Your accounts: names, numbers, types and currencies",
        "balances" => "Your account balances",
        "transactions" => "Your transactions, booked and pending",
        "products" => "Your loans, mortgages and other products: the amount owed, rates and terms",
        _ => permission,
    };
}
