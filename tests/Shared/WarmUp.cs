namespace Coach.Tests.Shared;

/// <summary>The load harnesses' warm-up: rounds until one leaves the runtime with almost nothing more to compile. For its
/// first thousands of events the runtime compiles each method, then re-compiles the hot ones optimised (in the background,
/// once calls have been quiet for a moment), and that work, a few seconds of CPU, would otherwise fall into the measured
/// window.</summary>
internal static class WarmUp
{
    /// <summary>Runs <paramref name="round"/> (given the number of events sent so far; it returns how many it sent) until
    /// the runtime has finished compiling, at most ten times. Returns the events sent.</summary>
    public static async Task<int> UntilCompiledAsync(Func<int, Task<int>> round)
    {
        int sent = 0;
        for (int i = 0; i < 10; i++)
        {
            long before = System.Runtime.JitInfo.GetCompiledMethodCount();
            sent += await round(sent);
            await Task.Delay(1500); // the background compiler's turn
            if (System.Runtime.JitInfo.GetCompiledMethodCount() - before < 25)
            {
                break;
            }
        }
        return sent;
    }
}
