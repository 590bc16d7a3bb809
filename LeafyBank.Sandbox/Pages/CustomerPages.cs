using System.Globalization;
using System.Text;
using LeafyBank.Sandbox.Banks;
using LeafyBank.Sandbox.Consents;
using LeafyBank.Sandbox.Customers;
using LeafyBank.Sandbox.Hosting;
using LeafyBank.Sandbox.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using static LeafyBank.Sandbox.Pages.BankPage;
using ISandboxAccountDirectory = LeafyBank.Sandbox.Data.ISandboxAccountDirectory;

namespace LeafyBank.Sandbox.Pages;

/// <summary>
/// The pages a bank's own customer uses at the bank: sign-in in two steps (password, then a
/// one-time code: strong customer authentication; demo credentials shown, this is a sandbox),
/// sign-out, and "My consents", where a consent can be revoked (revokedByPsu) after confirming.
/// A sign-in started by an authorization request offers Cancel, which answers the third party
/// with <c>access_denied</c>. Every form answers with a redirect to a page (Post/Redirect/Get), a
/// failure too, so the browser's Back and reload never ask to send a form again: why a sign-in
/// failed rides in the bank's session (<see cref="BankSession.FailedSignIn"/>), a wrong code's
/// tries in the challenge at the bank, never in the address.
/// </summary>
internal static class CustomerPages
{
    public const string SignInPath = "/signin";
    public const string SecondFactorPath = "/signin/code";
    public const string SignOutPath = "/signout";
    public const string MyConsentsPath = "/my-consents";

    public static void MapCustomerPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, ShowSignIn).WithName("BankSignIn").ExcludeFromDescription();
        endpoints.MapPost(SignInPath, SignIn).ExcludeFromDescription();
        endpoints.MapGet(SecondFactorPath, ShowSecondFactor).WithName("BankSecondFactor").ExcludeFromDescription();
        endpoints.MapPost(SecondFactorPath, CheckSecondFactor).ExcludeFromDescription();
        endpoints.MapPost(SignOutPath, SignOut).ExcludeFromDescription();
        endpoints.MapGet(MyConsentsPath, ShowMyConsents).WithName("BankMyConsents").ExcludeFromDescription();
        endpoints.MapGet(MyConsentsPath + "/{consentId}/revoke", ConfirmRevoke).ExcludeFromDescription();
        endpoints.MapPost(MyConsentsPath + "/{consentId}/revoke", RevokeConsent).ExcludeFromDescription();
    }

    /// <summary>Where a sign-in for <paramref name="returnUrl"/> starts (also where "Not you?" restarts it).</summary>
    public static string SignInUrl(HttpContext context, string? returnUrl) =>
        QueryHelpers.AddQueryString($"{context.Request.PathBase}{SignInPath}", "returnUrl", LocalReturnUrl(context, returnUrl));

    private static Task<IResult> ShowSignIn(HttpContext context, IAntiforgery antiforgery, IOpenIddictApplicationManager applications, string? returnUrl)
    {
        var local = LocalReturnUrl(context, returnUrl);
        if (SignedInFor(context, local) is { } customer)
        {
            return RenderSignedInAsync(context, antiforgery, applications, customer, local);
        }
        return RenderSignInAsync(context, antiforgery, applications, local, context.FailedSignInFor(local));
    }

    /// <summary>
    /// The customer this session has already signed in, both factors, for what <paramref name="returnUrl"/> opens: for an
    /// authorization request, only when the code was passed for its very consent (<see cref="BankSession.CustomerAuthenticatedFor"/>);
    /// for a page of the bank (My consents), any recent complete sign-in. Null otherwise: then the sign-in starts over.
    /// </summary>
    private static SandboxCustomer? SignedInFor(HttpContext context, string returnUrl) =>
        PendingAuthorization.From(context, returnUrl) is { } pending
            ? pending.ConsentId is { Length: > 0 } consentId ? context.CustomerAuthenticatedFor(consentId) : null
            : context.AuthenticatedCustomer();

    private static async Task<IResult> SignIn(HttpContext context, IAntiforgery antiforgery, SandboxDbContext db, TimeProvider clock)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalReturnUrl(context, form["returnUrl"].ToString());
        var typedId = form["username"].ToString();
        var customer = SandboxCustomers.Find(typedId);
        if (customer is null || form["password"] != SandboxCustomers.DemoPassword)
        {
            // Saying which of the two was wrong tells nobody anything here: the sandbox lists its customers on the page.
            var notice = customer is null ? SignInNotice.UnknownCustomer : SignInNotice.WrongPassword;
            await context.SignInAsync(SandboxBankContext.CustomerScheme(bank), BankSession.FailedSignIn(bank, typedId, notice, returnUrl));
            return Results.Redirect(SignInUrl(context, returnUrl));
        }

        // Whatever session this browser had ends here: the code is for this customer and this request only.
        var consentId = PendingAuthorization.From(context, returnUrl)?.ConsentId;
        var (challenge, code) = await new SecondFactorCodes(db, clock).IssueAsync(bank, customer.Id, consentId, context.RequestAborted);
        await context.SignInAsync(SandboxBankContext.CustomerScheme(bank), BankSession.PasswordOnly(bank, customer, challenge, code));
        return Results.Redirect(SecondFactorUrl(context, returnUrl));
    }

    private static string SecondFactorUrl(HttpContext context, string returnUrl) =>
        QueryHelpers.AddQueryString($"{context.Request.PathBase}{SecondFactorPath}", "returnUrl", returnUrl);

    private static async Task<IResult> ShowSecondFactor(
        HttpContext context, IAntiforgery antiforgery, IOpenIddictApplicationManager applications, SandboxDbContext db, TimeProvider clock, string? returnUrl)
    {
        if (context.AwaitingSecondFactor() is not { } pending)
        {
            // Back from the consent page lands here after the code was accepted: say so and go on, rather than an empty sign-in.
            var local = LocalReturnUrl(context, returnUrl);
            return SignedInFor(context, local) is { } customer
                ? await RenderSignedInAsync(context, antiforgery, applications, customer, local)
                : Results.Redirect(SignInUrl(context, returnUrl));
        }
        // The tries are counted at the bank, so a reload or Back shows them as they are and never spends one.
        var challenge = await new SecondFactorCodes(db, clock).FindAsync(context.GetSandboxBank(), pending.ChallengeId, context.RequestAborted);
        var left = SecondFactorCodes.MaxAttempts - (challenge?.Attempts ?? 0);
        var error = challenge is { Attempts: > 0 } && left > 0
            ? $"That code is not right. You have {left} more {(left == 1 ? "try" : "tries")}."
            : null;
        return await RenderSecondFactorAsync(context, antiforgery, applications, pending.Customer, pending.Code, LocalReturnUrl(context, returnUrl), error);
    }

    private static async Task<IResult> CheckSecondFactor(HttpContext context, IAntiforgery antiforgery, SandboxDbContext db, TimeProvider clock)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalReturnUrl(context, form["returnUrl"].ToString());
        if (context.AwaitingSecondFactor() is not { } pending)
        {
            return Results.Redirect(SignInUrl(context, returnUrl));
        }

        var (outcome, challenge) = await new SecondFactorCodes(db, clock).VerifyAsync(bank, pending.ChallengeId, form["code"], context.RequestAborted);
        switch (outcome)
        {
            case SecondFactorOutcome.Accepted:
                await context.SignInAsync(SandboxBankContext.CustomerScheme(bank), BankSession.Authenticated(bank, pending.Customer, challenge!.ConsentId, clock.GetUtcNow()));
                return Results.Redirect(returnUrl);
            case SecondFactorOutcome.WrongCode:
                // The code page says how many tries are left, read from the challenge.
                return Results.Redirect(SecondFactorUrl(context, returnUrl));
            default:
                // Expired, used up or unknown: the session ends (the code no longer counts for anything) and the
                // customer starts again with the password, their id kept, for a new code.
                var notice = outcome switch
                {
                    SecondFactorOutcome.Expired => SignInNotice.CodeExpired,
                    SecondFactorOutcome.TooManyAttempts => SignInNotice.CodeTriesUsedUp,
                    _ => SignInNotice.CodeNoLongerValid,
                };
                await context.SignInAsync(SandboxBankContext.CustomerScheme(bank), BankSession.FailedSignIn(bank, pending.Customer.Id, notice, returnUrl));
                return Results.Redirect(SignInUrl(context, returnUrl));
        }
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        await context.SignOutAsync(SandboxBankContext.CustomerScheme(bank));
        // "Not you?" on the consent page: the same authorization request starts over with a fresh sign-in.
        return PendingAuthorization.From(context, form["returnUrl"].ToString()) is { } pending
            ? Results.Redirect(SignInUrl(context, pending.ReturnUrl))
            : Results.Redirect($"{context.Request.PathBase}{SignInPath}");
    }

    private static async Task<IResult> ShowMyConsents(
        HttpContext context, IAntiforgery antiforgery, ConsentService consents, IOpenIddictApplicationManager applications, ISandboxAccountDirectory accountDirectory)
    {
        var bank = context.GetSandboxBank();
        if (context.AuthenticatedCustomer() is not { } customer)
        {
            return Results.Redirect(SignInUrl(context, $"{context.Request.PathBase}{MyConsentsPath}"));
        }

        var list = await consents.ListForCustomerAsync(bank, customer.Id, context.RequestAborted);
        var held = accountDirectory.AccountsOf(bank, customer.Id).ToDictionary(account => account.Id, StringComparer.Ordinal);
        var body = new StringBuilder()
            .Append("<h1>My consents</h1><p>Signed in as <strong>").Append(Encode(customer.Name)).Append("</strong>. ")
            .Append("These are the apps you allowed to see your data at ").Append(Encode(bank.Name)).Append(".</p>");
        if (list.Count == 0)
        {
            body.Append("<p data-testid=\"no-consents\">You have not given any consents yet. A request you are still deciding on shows here once you approve it.</p>");
        }
        foreach (var consent in list)
        {
            var party = await RequestingPartyAsync(applications, consent.ClientId, context.RequestAborted);
            body.Append("<section class=\"consent\" data-testid=\"consent\" data-status=\"").Append(Encode(consent.Status.ToWire())).Append("\">")
                .Append("<h2><span data-testid=\"consent-party\">").Append(Encode(party)).Append("</span> ")
                .Append("<span class=\"status").Append(consent.Status is ConsentStatus.Valid ? " active" : "").Append("\" data-testid=\"consent-status\">")
                .Append(Encode(StatusWords(consent.Status, party))).Append("</span></h2><dl>")
                .Append("<dt>Can see</dt><dd><ul>");
            foreach (var permission in ConsentCoverage.Of(consent, consent.Permissions).Described)
            {
                body.Append("<li>").Append(Encode(Describe(permission))).Append("</li>");
            }
            body.Append("</ul></dd>");
            // Shared as one list of ids (the consent page's tick boxes), named here as that page groups them.
            var shared = consent.SharedAccountIds.Select(id => held.GetValueOrDefault(id)).ToList();
            AppendShared(body, "Accounts", "consent-accounts",
                shared.Where(account => account is not { IsProduct: true }).Select(account => account?.Name ?? "An account you no longer hold"));
            AppendShared(body, "Loans and mortgages", "consent-loans", shared.Where(account => account is { IsProduct: true }).Select(account => account!.Name));
            body.Append("<dt>").Append(consent.Status.IsFinal() ? "Ended" : "Valid until").Append("</dt><dd>")
                .Append(Encode((consent.Status.IsFinal() ? DateOnly.FromDateTime(consent.StatusChangedAt.UtcDateTime) : consent.ValidUntil)
                    .ToString("d MMMM yyyy", CultureInfo.InvariantCulture)))
                .Append("</dd></dl>");
            if (consent.Status is ConsentStatus.Valid)
            {
                body.Append("<p><a data-testid=\"revoke\" href=\"").Append(Encode(RevokeUrl(context, consent))).Append("\">Stop sharing with ")
                    .Append(Encode(party)).Append("…</a></p>");
            }
            body.Append("</section>");
        }
        body.Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SignOutPath}")).Append("\" class=\"actions\">")
            .Append(AntiforgeryField(context, antiforgery)).Append("<button class=\"secondary\" type=\"submit\">Sign out</button></form>");
        return Render(bank, "My consents", body.ToString());
    }

    private static void AppendShared(StringBuilder body, string term, string testId, IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.CurrentCulture).ToList();
        if (list.Count == 0)
        {
            return;
        }
        body.Append("<dt>").Append(Encode(term)).Append("</dt><dd><ul data-testid=\"").Append(testId).Append("\">");
        foreach (var name in list)
        {
            body.Append("<li>").Append(Encode(name)).Append("</li>");
        }
        body.Append("</ul></dd>");
    }

    private static async Task<IResult> ConfirmRevoke(
        HttpContext context, string consentId, IAntiforgery antiforgery, ConsentService consents, IOpenIddictApplicationManager applications)
    {
        var bank = context.GetSandboxBank();
        if (context.AuthenticatedCustomer() is not { } customer)
        {
            return Results.Redirect(SignInUrl(context, $"{context.Request.PathBase}{MyConsentsPath}"));
        }
        var consent = await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is null || consent.CustomerId != customer.Id)
        {
            return NoSuchConsent(context, bank);
        }
        if (consent.Status is not ConsentStatus.Valid)
        {
            return Results.Redirect($"{context.Request.PathBase}{MyConsentsPath}");
        }

        var party = await RequestingPartyAsync(applications, consent.ClientId, context.RequestAborted);
        var body = new StringBuilder()
            .Append("<h1 data-testid=\"confirm-title\">Stop sharing with ").Append(Encode(party)).Append("?</h1>")
            .Append("<p>").Append(Encode(party)).Append(" will no longer see your data at ").Append(Encode(bank.Name))
            .Append(". What it already fetched stays with it; to ask it to delete that, use ").Append(Encode(party)).Append(" itself.</p>")
            .Append("<p>You cannot undo this here: to share again, connect ").Append(Encode(bank.Name)).Append(" again from ").Append(Encode(party)).Append(".</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode(RevokeUrl(context, consent))).Append("\" class=\"actions\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<button class=\"primary\" type=\"submit\" data-testid=\"confirm-revoke\">Yes, stop sharing</button>")
            .Append("<a href=\"").Append(Encode($"{context.Request.PathBase}{MyConsentsPath}")).Append("\" data-testid=\"keep\">No, keep it</a></form>");
        return Render(bank, "Stop sharing", body.ToString());
    }

    private static async Task<IResult> RevokeConsent(HttpContext context, string consentId, IAntiforgery antiforgery, ConsentService consents)
    {
        var bank = context.GetSandboxBank();
        if (await RejectForgedPostAsync(context, antiforgery, bank) is { } forged)
        {
            return forged;
        }
        if (context.AuthenticatedCustomer() is not { } customer)
        {
            return Results.Redirect(SignInUrl(context, $"{context.Request.PathBase}{MyConsentsPath}"));
        }

        var consent = await consents.FindAsync(bank, consentId, context.RequestAborted);
        if (consent is null || consent.CustomerId != customer.Id)
        {
            return NoSuchConsent(context, bank);
        }

        await consents.EndAsync(consent, ConsentStatus.RevokedByPsu, context.RequestAborted);
        return Results.Redirect($"{context.Request.PathBase}{MyConsentsPath}");
    }

    private static IResult NoSuchConsent(HttpContext context, SandboxBank bank) =>
        Render(bank, "Not found", "<h1>No such consent</h1><p>You have no consent like that at this bank. Go back to "
            + MyConsentsLink(context) + " to see yours.</p>", StatusCodes.Status404NotFound);

    /// <summary>
    /// "My consents" as a link, wherever a bank page names it. Signed out (or when the session's minutes are up), it
    /// leads to the sign-in page, which says that signing in opens My consents (<see cref="RenderSignInAsync"/>).
    /// </summary>
    public static string MyConsentsLink(HttpContext context) =>
        $"<a href=\"{Encode($"{context.Request.PathBase}{MyConsentsPath}")}\" data-testid=\"my-consents-link\">My consents</a>";

    private static string RevokeUrl(HttpContext context, Consent consent) =>
        $"{context.Request.PathBase}{MyConsentsPath}/{Uri.EscapeDataString(consent.Id)}/revoke";

    private static string StatusWords(ConsentStatus status, string party) => status switch
    {
        ConsentStatus.Valid => "Active",
        ConsentStatus.Received => "Waiting for your approval",
        ConsentStatus.Rejected => "Declined",
        ConsentStatus.RevokedByPsu => "Stopped by you",
        ConsentStatus.Expired => "Expired",
        ConsentStatus.TerminatedByTpp => $"Ended by {party}",
        _ => status.ToWire(),
    };

    /// <summary>
    /// The sign-in form for <paramref name="returnUrl"/> (already a local one). After a failed try it says why in plain
    /// words, keeps the customer id typed (never the password) and puts the cursor where the next keystroke belongs.
    /// </summary>
    private static async Task<IResult> RenderSignInAsync(
        HttpContext context, IAntiforgery antiforgery, IOpenIddictApplicationManager applications, string returnUrl,
        (string TypedId, SignInNotice Notice)? failed)
    {
        var bank = context.GetSandboxBank();
        var pending = PendingAuthorization.From(context, returnUrl);
        var party = pending is null ? null : await RequestingPartyAsync(applications, pending.ClientId, context.RequestAborted);
        var body = new StringBuilder()
            .Append("<h1>Sign in to ").Append(Encode(bank.Name)).Append("</h1>");
        if (party is not null)
        {
            body.Append("<p data-testid=\"signin-purpose\">").Append(Encode(party)).Append(" asks to see your data at ").Append(Encode(bank.Name))
                .Append(". Sign in to review the request; you decide on the next pages.</p>");
        }
        else if (returnUrl == $"{context.Request.PathBase}{MyConsentsPath}")
        {
            body.Append("<p data-testid=\"signin-purpose\">Sign in to open My consents: the apps you allowed to see your data at ")
                .Append(Encode(bank.Name)).Append(", and a way to stop any of them.</p>");
        }
        var idAtFault = failed?.Notice is SignInNotice.UnknownCustomer;
        if (failed is { } failure)
        {
            body.Append("<p class=\"error\" role=\"alert\" id=\"signin-error\" data-testid=\"signin-error\">")
                .Append(Encode(NoticeWords(bank, failure.TypedId, failure.Notice))).Append("</p>");
        }
        body.Append("<p class=\"hint\" data-testid=\"demo-credentials\">This is a sandbox bank. Sign in as one of its customers: ")
            .Append(string.Join(", ", SandboxCustomers.All.Select(c => $"<code>{Encode(c.Id)}</code> ({Encode(c.Name)})")))
            .Append(". The password for every demo customer is <code>").Append(Encode(SandboxCustomers.DemoPassword)).Append("</code>.</p>")
            .Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SignInPath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\">")
            .Append("<label for=\"username\">Customer id</label><input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" required")
            .Append(" value=\"").Append(Encode(failed?.TypedId)).Append('"')
            .Append(failed is not null && idAtFault ? InvalidField : "")
            .Append("><label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required")
            // The id is kept, so after a wrong password (or a code that ran out) the password is what is left to type.
            .Append(failed is not null && !idAtFault ? InvalidField : "")
            .Append("><p><button class=\"primary\" type=\"submit\">Sign in</button></p></form>");
        if (pending is not null)
        {
            body.Append(CancelForm(context, antiforgery, pending.Parameters, party!));
        }
        return Render(bank, "Sign in", body.ToString());
    }

    // The field to fix: focused, marked invalid and tied to the message that says why (only ever one per page).
    private const string InvalidField = " autofocus aria-invalid=\"true\" aria-describedby=\"signin-error\"";

    private static string NoticeWords(SandboxBank bank, string typedId, SignInNotice notice) => notice switch
    {
        SignInNotice.UnknownCustomer =>
            $"{bank.Name} has no customer with the id \u201c{typedId}\u201d. Check the id (the demo customers' ids are listed below) and type the password again.",
        SignInNotice.WrongPassword => "That password is not right. Your customer id is kept: type the password again.",
        SignInNotice.CodeExpired =>
            $"That code has expired (codes last {SecondFactorCodes.Lifetime.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes). Sign in again to get a new one.",
        SignInNotice.CodeTriesUsedUp => "That was the last try for this code. Sign in again to get a new one.",
        _ => "That code is no longer valid. Sign in again to get a new one.",
    };

    /// <summary>
    /// Where the sign-in and code pages lead once both factors are passed (Back from the consent page, a reload): who is
    /// signed in, a link on to <paramref name="returnUrl"/>, "Not you?" to sign out and start over, and Cancel for a request.
    /// </summary>
    private static async Task<IResult> RenderSignedInAsync(
        HttpContext context, IAntiforgery antiforgery, IOpenIddictApplicationManager applications, SandboxCustomer customer, string returnUrl)
    {
        var bank = context.GetSandboxBank();
        var pending = PendingAuthorization.From(context, returnUrl);
        var party = pending is null ? null : await RequestingPartyAsync(applications, pending.ClientId, context.RequestAborted);
        var body = new StringBuilder()
            .Append("<h1>You are signed in</h1>")
            .Append("<p data-testid=\"signed-in-as\">You are signed in to ").Append(Encode(bank.Name)).Append(" as <strong>")
            .Append(Encode(customer.Name)).Append("</strong>")
            .Append(party is null ? "." : $", and can go on to review {Encode(party)}\u2019s request.")
            .Append(" <button class=\"link\" type=\"submit\" form=\"not-you\" data-testid=\"not-you\">Not you?</button></p>")
            .Append("<p class=\"actions\"><a class=\"button primary\" data-testid=\"continue\" href=\"").Append(Encode(returnUrl)).Append("\">")
            .Append(party is null && returnUrl == $"{context.Request.PathBase}{MyConsentsPath}" ? "Continue to My consents" : "Continue")
            .Append("</a></p>")
            .Append("<form id=\"not-you\" method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SignOutPath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\"></form>");
        if (pending is not null)
        {
            body.Append(CancelForm(context, antiforgery, pending.Parameters, party!));
        }
        return Render(bank, "Signed in", body.ToString());
    }

    private static async Task<IResult> RenderSecondFactorAsync(
        HttpContext context, IAntiforgery antiforgery, IOpenIddictApplicationManager applications, SandboxCustomer customer, string code,
        string returnUrl, string? error)
    {
        var bank = context.GetSandboxBank();
        var pending = PendingAuthorization.From(context, returnUrl);
        var body = new StringBuilder()
            .Append("<h1>Confirm it is you</h1>")
            .Append("<p>Hello ").Append(Encode(customer.Name)).Append(". Enter the ").Append(SecondFactorCodes.CodeLength)
            .Append("-digit code we sent to your phone. It is valid for ").Append(SecondFactorCodes.Lifetime.TotalMinutes.ToString("0", CultureInfo.InvariantCulture))
            .Append(" minutes.</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" id=\"code-error\" data-testid=\"code-error\">").Append(Encode(error)).Append("</p>");
        }
        body.Append("<form method=\"post\" action=\"").Append(Encode($"{context.Request.PathBase}{SecondFactorPath}")).Append("\">")
            .Append(AntiforgeryField(context, antiforgery))
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\">")
            .Append("<label for=\"code\">One-time code</label><input class=\"otp\" type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" ")
            .Append("autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required")
            .Append(error is null ? ">" : " autofocus aria-invalid=\"true\" aria-describedby=\"code-error\">")
            .Append("<p><button class=\"primary\" type=\"submit\">Confirm</button></p></form>")
            .Append("<div class=\"hint\">Sandbox bank: a real bank would send this code by text message. Yours is ")
            .Append("<span class=\"code\" data-testid=\"sandbox-code\">").Append(Encode(code)).Append("</span></div>");
        if (pending is not null)
        {
            body.Append(CancelForm(context, antiforgery, pending.Parameters,
                await RequestingPartyAsync(applications, pending.ClientId, context.RequestAborted)));
        }
        return Render(bank, "Confirm it is you", body.ToString());
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
