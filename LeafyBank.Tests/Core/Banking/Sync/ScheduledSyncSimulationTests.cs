using LeafyBank.Sandbox.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeafyBank.Tests.Core.Banking.Sync;

/// <summary>
/// A week of background syncing at all four banks, with default settings, over real HTTP: the app
/// and its in-process sandbox on one fake clock, a customer connected to every bank, the
/// scheduler ticking every five minutes of fake time and the customer pressing "Sync now" once a
/// day. The banks' own side of the wire is recorded: not one 429, and every bank synced on its
/// own at least three times a day. Donau and Thames give DPoP nonces (RFC 9449 §9) that change every
/// five minutes, so a sync there may start with one <c>use_dpop_nonce</c> refusal, answered at once.
/// </summary>
public sealed class ScheduledSyncSimulationTests
{
    private static readonly string[] Banks = ["greenbank", "mongodbbank", "donaubank", "thamesbank"];
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Simulated = TimeSpan.FromDays(7);

    private static CancellationToken Cancel => Xunit.TestContext.Current.CancellationToken;

    private readonly PartyReference frida = new() { UserId = ObjectId.Parse("65a546ae4a8f64e8f88fb89e"), UserName = "fridaklo" };

    /// <summary>One request the sandbox answered, as the bank saw it.</summary>
    private sealed record BankCall(DateTime At, string Bank, string Path, int Status, bool CustomerPresent, bool AskedForNonce);

    [Fact]
    public async Task Seven_days_of_scheduled_syncs_at_every_bank_get_no_429_and_sync_each_bank_at_least_three_times_a_day()
    {
        var clock = TestTime.Frozen();
        var calls = new ConcurrentQueue<BankCall>();
        // The real app and its sandbox on the test's clock (the test is the scheduler, so each round happens at a known instant), every sandbox answer recorded.
        await using var app = LeafyBankWebFactory.With(new Dictionary<string, string> { [LeafyBankWebFactory.LogLevelKey] = "Information" }, testServices: services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IStartupFilter>(new RecordBankCalls(clock, calls));
        });
        app.Start();
        var sync = app.Services.GetRequiredService<SyncService>();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var scheduler = new SyncScheduler(store, sync, clock, NullLogger<SyncScheduler>.Instance, new SyncSchedulerOptions(Enabled: true, Tick));

        foreach (var bankId in Banks)
        {
            await app.ConnectAsync(frida, bankId);
        }
        // The connect flow's first syncs are the customer's: the scheduler keeps away meanwhile.
        Assert.Equal(0, await scheduler.RunOnceAsync(Cancel));
        foreach (var bankId in Banks)
        {
            var first = await sync.SyncAsync(frida, bankId, unattended: false, Cancel);
            Assert.True(first.Outcome == SyncOutcome.Succeeded, first.Message);
        }

        var start = clock.GetUtcNow().UtcDateTime;
        for (var elapsed = Tick; elapsed <= Simulated; elapsed += Tick)
        {
            clock.Advance(Tick);
            await scheduler.RunOnceAsync(Cancel);
            if (elapsed.Ticks % TimeSpan.TicksPerDay == TimeSpan.FromHours(2).Ticks)
            {
                foreach (var bankId in Banks)
                {
                    var byHand = await sync.SyncAsync(frida, bankId, unattended: false, Cancel);
                    Assert.True(byHand.Outcome == SyncOutcome.Succeeded, byHand.Message);
                }
            }
        }

        var allDataCalls = calls.Where(c => c.Path.Contains("/accounts", StringComparison.Ordinal) || c.Path.EndsWith("/products", StringComparison.Ordinal)).ToList();
        Assert.Empty(calls.Where(c => c.Status == 429).Select(c => $"{c.At:O} {c.Path}").Take(10));
        // A nonce refusal only where the bank gives nonces, at most once per sync (one instant) and bank, and answered by the retry.
        var nonceRefusals = allDataCalls.Where(c => c.AskedForNonce).ToList();
        Assert.All(nonceRefusals, c => Assert.True(SandboxBankCatalog.Find(c.Bank)!.IssuesDpopNonces, $"{c.At:O} {c.Path}"));
        Assert.All(nonceRefusals.GroupBy(c => (c.At, c.Bank)), sync => Assert.Single(sync));
        Assert.All(nonceRefusals, c => Assert.Contains(allDataCalls, retried => retried.At == c.At && retried.Path == c.Path && retried.Status == 200));
        var dataCalls = allDataCalls.Where(c => !c.AskedForNonce).ToList();
        Assert.All(dataCalls, c => Assert.True(c.Status == 200, $"{c.At:O} {c.Path} {c.Status}"));
        var end = clock.GetUtcNow().UtcDateTime;
        foreach (var bankId in Banks)
        {
            // Every sync reads the account list once: the bank's own count of unattended syncs.
            var unattendedSyncs = dataCalls.Where(c => c.Bank == bankId && !c.CustomerPresent && c.Path.EndsWith("/accounts", StringComparison.Ordinal)).ToList();
            for (var day = start.Date.AddDays(1); day < end.Date; day = day.AddDays(1))
            {
                var that = day;
                Assert.InRange(unattendedSyncs.Count(c => c.At.Date == that), 3, 4);
            }
            Assert.Contains(dataCalls, c => c.Bank == bankId && c.CustomerPresent);
            var state = await store.Collection(OpenFinanceCollections.SyncStates).FindByKeyAsync([frida.UserId, bankId], Cancel);
            Assert.Null(state!.LastError);
        }
        Assert.DoesNotContain(await store.Collection(OpenFinanceCollections.AuditEvents).FindAsync(frida.UserId, e => e.Kind == AuditKinds.DataPulled, Cancel),
            e => e.Outcome == AuditOutcomes.Failed);

        // The banks' own books: some resource was read as often as allowed on some day, none more.
        await using var scope = app.Services.CreateAsyncScope();
        var counts = scope.ServiceProvider.GetRequiredService<SandboxDbContext>().ConsentAccessCounts;
        Assert.Equal(4, await counts.MaxAsync(c => c.Count, Cancel));
    }

    private sealed class RecordBankCalls(TimeProvider clock, ConcurrentQueue<BankCall> calls) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                var at = clock.GetUtcNow().UtcDateTime;
                await nextMiddleware(context);
                var path = context.Request.Path.Value ?? "";
                if (path.StartsWith("/sandbox/", StringComparison.Ordinal))
                {
                    var present = context.Request.Headers.ContainsKey(CustomerPresence.PsuIpAddressHeader)
                        || context.Request.Headers.ContainsKey(CustomerPresence.FapiCustomerIpAddressHeader);
                    var askedForNonce = context.Response.Headers.WWWAuthenticate.ToString().StartsWith("DPoP error=\"use_dpop_nonce\"", StringComparison.Ordinal);
                    calls.Enqueue(new BankCall(at, path.Split('/')[2], path, context.Response.StatusCode, present, askedForNonce));
                }
            });
            next(app);
        };
    }
}
