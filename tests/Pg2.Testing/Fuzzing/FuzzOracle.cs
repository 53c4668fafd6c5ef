using Xunit;

namespace Pg2.Fuzzing;

/// <summary>
/// What every fuzz case must show: the parser either succeeds or throws the project's user-facing
/// exception with a non-empty one-line message; any other exception is a bug. Memory is bounded: the
/// allocations of one case on the calling thread stay under <see cref="AllocationBudget"/> for its input size.
/// </summary>
internal static class FuzzOracle
{
    /// <summary>
    /// Fixed part of the per-case allocation budget (4 MiB): buffers, the parsed tables, the zip reader. The
    /// largest case seen allocates about 0.65 MB (a 12 KB archive), so the budget fails a parser whose memory
    /// follows a size field rather than the input.
    /// </summary>
    public const long FixedAllocationBytes = 4L << 20;

    /// <summary>Per-byte part of the budget: a parser may allocate up to 64 bytes per input byte (UTF-16 text, columns, copies).</summary>
    public const long AllocationPerInputByte = 64;

    /// <summary>The most one case with an input of <paramref name="inputBytes"/> bytes may allocate.</summary>
    public static long AllocationBudget(long inputBytes) => FixedAllocationBytes + AllocationPerInputByte * inputBytes;

    /// <summary>
    /// Runs <paramref name="parse"/> and fails (with <paramref name="input"/> described) on an exception that
    /// <paramref name="isUserFacing"/> rejects, on a user-facing message that is empty or spans lines, and on
    /// allocations over budget. Returns the user-facing exception, or null when the parse succeeded.
    /// </summary>
    public static Exception? Check(object input, long inputBytes, Action parse, Func<Exception, bool> isUserFacing)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? userError = null;
        try
        {
            parse();
        }
        catch (Exception e) when (isUserFacing(e))
        {
            userError = e;
            AssertOneLine(e.Message, input);
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().FullName} escaped (not a user-facing error) for input {input}: {e}");
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long budget = AllocationBudget(inputBytes);
        if (allocated > budget)
            Assert.Fail($"allocated {allocated:N0} bytes for a {inputBytes:N0}-byte input (budget {budget:N0}): {input}");
        FuzzStats.Record(allocated, inputBytes);
        return userError;
    }

    /// <summary>Fails unless <paramref name="message"/> is one non-empty line without a stack trace.</summary>
    public static void AssertOneLine(string message, object input)
    {
        if (string.IsNullOrWhiteSpace(message))
            Assert.Fail($"empty error message for input {input}");
        if (message.AsSpan().IndexOfAny('\n', '\r') >= 0)
            Assert.Fail($"error message spans lines for input {input}: {message}");
        if (message.Contains("   at ", StringComparison.Ordinal))
            Assert.Fail($"error message holds a stack trace for input {input}: {message}");
    }
}

/// <summary>
/// Largest allocation seen per case, written at exit to the file named by <c>PG2_FUZZ_STATS</c> when set
/// (how the budget in <see cref="FuzzOracle"/> was chosen and is re-measured).
/// </summary>
internal static class FuzzStats
{
    private static long _cases;
    private static long _maxAllocated;
    private static long _maxInput;
    private static readonly string? Path = Environment.GetEnvironmentVariable("PG2_FUZZ_STATS");

    static FuzzStats()
    {
        if (Path is not null)
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.AppendAllText(Path,
                $"{AppDomain.CurrentDomain.FriendlyName}: {_cases} cases, max allocated {_maxAllocated:N0} bytes per case, max input {_maxInput:N0} bytes\n");
    }

    public static void Record(long allocated, long inputBytes)
    {
        Interlocked.Increment(ref _cases);
        long seen;
        while (allocated > (seen = Interlocked.Read(ref _maxAllocated)) && Interlocked.CompareExchange(ref _maxAllocated, allocated, seen) != seen) { }
        while (inputBytes > (seen = Interlocked.Read(ref _maxInput)) && Interlocked.CompareExchange(ref _maxInput, inputBytes, seen) != seen) { }
    }
}
