namespace Protect.Domain.Audio;

/// <summary>
/// Streams a 16 kHz signal up to any rate >= 16 kHz by Lanczos interpolation (a = 8). The mark is band-limited
/// to 4 kHz, far below 8 kHz, so a short kernel is exact enough. Keeps only the few input samples still needed.
/// </summary>
internal sealed class Upsampler
{
    private const int A = 8;
    private readonly double _ratio; // input samples per output sample
    private float[] _buffer = new float[8192];
    private long _bufferStart;      // absolute input index of _buffer[0]
    private int _count;
    private long _nextOut;

    public Upsampler(int inputRate, int outputRate)
    {
        if (outputRate < inputRate) throw new ArgumentOutOfRangeException(nameof(outputRate), "Only upsampling is supported.");
        _ratio = (double)inputRate / outputRate;
    }

    public void Push(ReadOnlySpan<float> input)
    {
        if (_count + input.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + input.Length));
        input.CopyTo(_buffer.AsSpan(_count));
        _count += input.Length;
    }

    /// <summary>Fills as much of <paramref name="output"/> as the pushed input allows (all of it once <paramref name="final"/>).</summary>
    public int Pull(Span<float> output, bool final)
    {
        var produced = 0;
        var end = _bufferStart + _count;
        while (produced < output.Length)
        {
            var u = _nextOut * _ratio;
            var i0 = (long)Math.Floor(u);
            if (!final && i0 + A >= end) break;
            double sum = 0;
            for (var j = i0 - A + 1; j <= i0 + A; j++)
            {
                if (j < _bufferStart || j >= end) continue;
                sum += _buffer[j - _bufferStart] * Kernel(u - j);
            }
            output[produced++] = (float)sum;
            _nextOut++;
        }
        // Drop input no future output can reach.
        var keepFrom = Math.Max(_bufferStart, (long)Math.Floor(_nextOut * _ratio) - A);
        var drop = (int)Math.Min(_count, keepFrom - _bufferStart);
        if (drop > 0)
        {
            _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
            _count -= drop;
            _bufferStart += drop;
        }
        return produced;
    }

    private static double Kernel(double x)
    {
        if (x == 0) return 1;
        if (Math.Abs(x) >= A) return 0;
        var px = Math.PI * x;
        return A * Math.Sin(px) * Math.Sin(px / A) / (px * px);
    }
}
