namespace Pg2.Fuzzing;

/// <summary>
/// One edit of a byte string. Positions are taken modulo the input's length, so any edit applies to
/// any input and shrinking an input never invalidates an edit.
/// </summary>
internal abstract record ByteEdit
{
    public abstract byte[] Apply(byte[] input);

    protected static int At(int at, int length) => length == 0 ? 0 : (int)((uint)at % (uint)length);

    /// <summary>Flips one bit.</summary>
    public sealed record BitFlip(int Position, int Bit) : ByteEdit
    {
        public override byte[] Apply(byte[] input)
        {
            if (input.Length == 0) return input;
            var copy = (byte[])input.Clone();
            copy[At(Position, copy.Length)] ^= (byte)(1 << (Bit & 7));
            return copy;
        }
    }

    /// <summary>Writes <see cref="Bytes"/> over the input (e.g. 0xFF runs over a zip size field).</summary>
    public sealed record Overwrite(int Position, byte[] Bytes) : ByteEdit
    {
        public override byte[] Apply(byte[] input)
        {
            if (input.Length == 0) return input;
            var copy = (byte[])input.Clone();
            int at = At(Position, copy.Length);
            for (int i = 0; i < Bytes.Length && at + i < copy.Length; i++) copy[at + i] = Bytes[i];
            return copy;
        }

        public override string ToString() => $"Overwrite {{ Position = {Position}, Bytes = {Convert.ToHexString(Bytes)} }}";
    }

    /// <summary>Inserts bytes.</summary>
    public sealed record Insert(int Position, byte[] Bytes) : ByteEdit
    {
        public override byte[] Apply(byte[] input)
        {
            int at = At(Position, input.Length + 1);
            return [.. input.AsSpan(0, at), .. Bytes, .. input.AsSpan(at)];
        }

        public override string ToString() => $"Insert {{ Position = {Position}, Bytes = {Convert.ToHexString(Bytes)} }}";
    }

    /// <summary>Deletes up to <see cref="Count"/> bytes.</summary>
    public sealed record Delete(int Position, int Count) : ByteEdit
    {
        public override byte[] Apply(byte[] input)
        {
            if (input.Length == 0) return input;
            int at = At(Position, input.Length);
            int n = Math.Min(Count, input.Length - at);
            return [.. input.AsSpan(0, at), .. input.AsSpan(at + n)];
        }
    }

    /// <summary>Keeps only a prefix (a download cut short).</summary>
    public sealed record Truncate(int Keep) : ByteEdit
    {
        public override byte[] Apply(byte[] input) => input.AsSpan(0, At(Keep, input.Length + 1)).ToArray();
    }
}
