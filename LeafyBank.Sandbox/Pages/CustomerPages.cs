using System.Globalization;
using System.Security.Claims;
using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static LeafyBank.Sandbox.Pages.BankPage;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The pages a bank's own customer uses at the bank: sign-in (demo credentials shown, this is a
/// sandbox), sign-out, and "My consents", where a consent can be revoked (revokedByPsu).
/// </summary>
internal static class CustomerPages
{
    public const string SignInPath = "/signin";
    public const string MyConsentsPath = "/my-consents";

    public static void MapCustomerPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, ShowSignIn).WithName("BankSignIn").ExcludeFromDescription();
        endpoints.MapPost(SignInPath, SignIn).ExcludeFromDescription();
        endpoints.MapPost("/signout", SignOut).ExcludeFromDescription();
        endpoints.MapGet(MyConsentsPath, ShowMyConsents).WithName("BankMyConsents").ExcludeFromDescription();
        endpoints.MapPost(MyConsentsPath + "/{consentId}/revoke", RevokeConsent).ExcludeFromDescription();
    }

    /// <summary>The signed-in customer of this bank (the branch puts the bank cookie's principal in <c>HttpContext.User</c>).</summary>
    public static SandboxCustomer? CurrentCustomer(this HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? SandboxCustomers.Find(context.User.FindFirstValue(ClaimTypes.NameIdentifier))
            : null;

    private static IResult ShowSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        RenderSignIn(context, antiforgery, returnUrl, error: null);

    private static async Task<IResult> SignIn(HttpContext context, IAntiforgery antiforgery)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var customer = SandboxCustomers.Find(form["username"]);
        if (customer is null || form["password"] != SandboxCustomers.DemoPassword)
        {
            return RenderSignIn(context, antiforgery, returnUrl, "That user name and password do not match a customer of this bank.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, customer.Id), new Claim(ClaimTypes.Name, customer.Name)],
            SandboxBankContext.CustomerScheme(bank));
        await context.SignInAsync(SandboxBankContext.CustomerScheme(bank), new ClaimsPrincipal(identity));
        return Results.Redirect(LocalReturnUrl(context, returnUrl));
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }
        await context.SignOutAsync(SandboxBankContext.CustomerScheme(bank));
        return Results.Redirect($"{context.Request.PathBase}{SignInPath}");
    }

    private static async Task<IResult> ShowMyConsents(HttpContext context, IAntiforgery antiforgery, ConsentService consents)
    {
        var bank = context.GetSandboxBank();
        if (context.CurrentCustomer() is not { } customer)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = $"{context.Request.PathBase}{MyConsentsPath}" },
                [SandboxBankContext.CustomerScheme(bank)]);
        }

        var list = await consents.ListForCustomerAsync(bank, customer.Id, context.RequestAborted);
        var body = new StringBuilder()
            .Append("<h1>My consents</h1><p>Signed in as <strong>").Append(Encode(customer.Name)).Append("</strong>. ")
            .Append("These are the third parties you allowed to see your data at ").Append(Encode(bank.Name)).Append(".</p>");
        if (list.Count == 0)
        {
            body.Append("<p data-testid=\"no-consents\">You have not given any consents.</p>");
        }
        else
        {
            body.Append("<table><tr><th>Consent</th><th>Status</th><th>Permissions</th><th>Accounts</th><th>Valid until</th><th></th></tr>");
            foreach (var consent in list)
            {
                body.Append("<tr data-testid=\"consent-").Append(Encode(consent.Id)).Append("\"><td>").Append(Encode(consent.Id))
                    .Append("</td><td>").Append(Encode(consent.Status.ToWire()))
                    .Append("</td><td>").Append(Encode(string.Join(", ", consent.Permissions.Order(StringComparer.Ordinal))))
                    .Append("</td><td>").Append(Encode(string.Join(", ", consent.SharedAccountIds.Order(StringComparer.Ordinal))))
                    .Append("</td><td>").Append(consent.ValidUntil.ToString("d MMM yyyy", CultureInfo.InvariantCulture)).Append("</td><td>");
                if (consent.Status is ConsentStatus.Valid)
                {
                    body.Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{MyConsentsPath}/{consent.Id}/revoke")).Append("\">")
                        .Append(AntiforgeryField(context, antiforgery))
                        .Append("<button class=\"secondary\" type=\"submit\">Revoke</button></form>");
                }
                body.Append("</td></tr>");
            }
            body.Append("</table>");
        }
        body.Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}/signout")).Append("\" style=\"margin-top:16px\">")
            .Append(AntiforgeryField(context, antiforgery)).Append("<button class=\"secondary\" type=\"submit\">Sign out</button></form>");
        return Render(bank, "My consents", body.ToString());
    }

    private static async Task<IResult> RevokeConsent(HttpContext context, string consentId, IAntiforgery antiforgery, ConsentService consents)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }
        if (context.CurrentCustomer() is not { } customer)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = $"{context.Request.PathBase}{MyConsentsPath}" },
                [SandboxBankContext.CustomerScheme(bank)]);
        }

        var consent = await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is null || consent.CustomerId != customer.Id)
        {
            return Render(bank, "Not found", "<h1>No such consent</h1><p>You have no consent with that id at this bank.</p>", StatusCodes.Status404NotFound);
        }

        await consents.EndAsync(consent, ConsentStatus.RevokedByPsu, context.RequestAborted);
        return Results.Redirect($"{context.Request.PathBase}{MyConsentsPath}");
    }

    private static IResult RenderSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error)
    {
        var bank = context.GetSandboxBank();
        var body = new StringBuilder()
            .Append("<h1>Sign in to ").Append(Encode(bank.Name)).Append("</h1>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" data-testid=\"signin-error\">").Append(Encode(error)).Append("</p>");
        }
        body.Append("<p class=\"hint\" data-testid=\"demo-credentials\">This is a sandbox bank. Sign in as one of its customers: ")
            .Append(string.Join(", ", SandboxCustomers.All.Select(c => $"<code>{Encode(c.Id)}</code> ({Encode(c.Name)})")))
            .Append(". The password for every demo customer is <code>").Append(Encode(SandboxCustomers.DemoPassword)).Append("</code>.</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SignInPath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\">")
            .Append("<label for=\"username\">Customer id</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required>")
            .Append("<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
            .Append("<p><button class=\"primary\" type=\"submit\">Sign in</button></p></form>");
        return Render(bank, "Sign in", body.ToString());
    }

    /// <summary>Only return to a page of this same bank; anything else goes to "My consents".</summary>
    private static string LocalReturnUrl(HttpContext context, string? returnUrl)
    {
        var bankBase = context.Request.PathBase.Value ?? "";
        return !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith(bankBase + "/", StringComparison.Ordinal) &&
               !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : $"{bankBase}{MyConsentsPath}";
    }
}
