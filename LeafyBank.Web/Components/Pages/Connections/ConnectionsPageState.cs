namespace LeafyBank.Web.Components.Pages.Connections;

/// <summary>
/// What the Connections page and the bank picker read for the signed-in customer, handed from the
/// prerender to the interactive render (persistent component state) so the store is read once.
/// </summary>
/// <param name="SignedInAs">The user it was read for: the interactive render takes it only for the same user.</param>
/// <param name="KnownCustomer">Whether Leafy Bank has a customer for that user.</param>
/// <param name="ReadAt">
/// When the connections were read (taken before the read): the interactive render subscribes to live updates with it, so a
/// change made between the prerender's read and that subscription is told at once, not at the next change.
/// </param>
public sealed record ConnectionsPageState(string SignedInAs, bool KnownCustomer, IReadOnlyList<ConnectionView> Connections, DateTime? ReadAt = null);
