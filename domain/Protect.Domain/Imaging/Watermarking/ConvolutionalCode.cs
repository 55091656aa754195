namespace Protect.Domain.Imaging.Watermarking;

/// <summary>
/// Rate 1/3, constraint length 7 convolutional code (generators 133, 171, 165 octal) terminated with six zero
/// tail bits, decoded by soft-decision Viterbi. Soft values follow one convention throughout: positive means
/// coded bit 1, and the magnitude is the reliability.
/// </summary>
internal static class ConvolutionalCode
{
    public const int Rate = 3;
    private const int Memory = 6;
    private const int States = 1 << Memory;
    private static readonly int[] Generators = [0b1011011, 0b1111001, 0b1110101];

    public static int CodedLength(int infoBits) => (infoBits + Memory) * Rate;

    /// <summary>Encodes 0/1 bits; the register holds the newest bit at position 6 and the oldest at 0.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> info)
    {
        var coded = new byte[CodedLength(info.Length)];
        var state = 0;
        for (var t = 0; t < info.Length + Memory; t++)
        {
            var bit = t < info.Length ? info[t] & 1 : 0;
            var register = (bit << Memory) | state;
            for (var j = 0; j < Rate; j++)
                coded[t * Rate + j] = Output(register, j);
            state = register >> 1;
        }
        return coded;
    }

    /// <summary>Maximum-likelihood info bits for the soft values (maximises the sum of soft value times ±1 symbol).</summary>
    public static byte[] Decode(ReadOnlySpan<float> soft, int infoBits)
    {
        var steps = infoBits + Memory;
        if (soft.Length != steps * Rate)
            throw new ArgumentException($"Expected {steps * Rate} soft values, got {soft.Length}.", nameof(soft));

        var metric = new double[States];
        var next = new double[States];
        Array.Fill(metric, double.NegativeInfinity);
        metric[0] = 0; // the encoder starts in state 0
        var survivor = new byte[steps * States]; // bit dropped from the winning predecessor's register

        for (var t = 0; t < steps; t++)
        {
            Array.Fill(next, double.NegativeInfinity);
            var maxBit = t < infoBits ? 1 : 0; // tail steps only shift zeros in
            for (var state = 0; state < States; state++)
            {
                if (double.IsNegativeInfinity(metric[state]))
                    continue;
                for (var bit = 0; bit <= maxBit; bit++)
                {
                    var register = (bit << Memory) | state;
                    var candidate = metric[state] + BranchMetric(soft.Slice(t * Rate, Rate), register);
                    var target = register >> 1;
                    if (candidate > next[target])
                    {
                        next[target] = candidate;
                        survivor[t * States + target] = (byte)(register & 1);
                    }
                }
            }
            (metric, next) = (next, metric);
        }

        // The tail drives the encoder back to state 0, so trace back from there.
        var info = new byte[infoBits];
        var current = 0;
        for (var t = steps - 1; t >= 0; t--)
        {
            if (t < infoBits)
                info[t] = (byte)(current >> (Memory - 1));
            current = ((current << 1) | survivor[t * States + current]) & (States - 1);
        }
        return info;
    }

    private static double BranchMetric(ReadOnlySpan<float> soft, int register)
    {
        double sum = 0;
        for (var j = 0; j < Rate; j++)
            sum += Output(register, j) == 1 ? soft[j] : -soft[j];
        return sum;
    }

    private static byte Output(int register, int generator) =>
        (byte)(System.Numerics.BitOperations.PopCount((uint)(register & Generators[generator])) & 1);
}
