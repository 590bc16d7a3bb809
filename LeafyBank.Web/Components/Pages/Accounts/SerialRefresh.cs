namespace LeafyBank.Web.Components.Pages.Accounts;

/// <summary>
/// A page's reads after changes elsewhere, one at a time: a change told while a read runs is read once more when it ends,
/// never in parallel (two reads racing could leave the older one on screen). Used by the Accounts list and the account page.
/// </summary>
public sealed class SerialRefresh
{
    private bool reading;
    private bool readAgain;

    /// <summary>
    /// Runs <paramref name="readOnce"/>, and again while changes were told during it; returns whether any read changed what the
    /// page shows. Called while a read runs, it only asks for one more and returns false.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task<bool>> readOnce, CancellationToken stopped)
    {
        if (reading)
        {
            readAgain = true;
            return false;
        }
        reading = true;
        var changed = false;
        try
        {
            do
            {
                readAgain = false;
                changed |= await readOnce();
            }
            while (readAgain && !stopped.IsCancellationRequested);
        }
        finally
        {
            reading = false;
        }
        return changed;
    }
}
