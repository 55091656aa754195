using System.Buffers;
using System.Buffers.Binary;
using Protect.Domain.Errors;

namespace Protect.Domain.Splats.Formats;

/// <summary>
/// antimatter15's .splat: 32 bytes per splat, no header: float position[3], float linear scale[3], uchar RGBA
/// (colour = 0.5 + C0 * f_dc, alpha = sigmoid(opacity)), uchar rotation[4] (w first, q * 128 + 128). No SH.
/// </summary>
internal static class AntimatterSplat
{
    public const int RowBytes = 32;
    private const int BlockRows = 16384;

    public static GaussianScene Read(Stream stream, SplatLimits limits)
    {
        if (!stream.CanSeek)
            throw new InvalidMediaException("A .splat file has no header; its size must be known to read it.");
        var length = stream.Length - stream.Position;
        if (length == 0 || length % RowBytes != 0)
            throw new InvalidMediaException($"A .splat file is a whole number of 32-byte rows; this one has {length:N0} bytes.");
        if (length / RowBytes > limits.MaxGaussians)
            throw new InvalidMediaException($"The file holds {length / RowBytes:N0} splats; the limit is {limits.MaxGaussians:N0} Gaussians.");
        var scene = new GaussianScene((int)(length / RowBytes), 0);
        var buffer = ArrayPool<byte>.Shared.Rent(RowBytes * BlockRows);
        try
        {
            for (var start = 0; start < scene.Count; start += BlockRows)
            {
                var rows = Math.Min(BlockRows, scene.Count - start);
                stream.ReadFully(buffer.AsSpan(0, rows * RowBytes));
                for (var r = 0; r < rows; r++)
                {
                    var row = buffer.AsSpan(r * RowBytes, RowBytes);
                    var i = start + r;
                    for (var a = 0; a < 3; a++)
                    {
                        scene.Positions[i * 3 + a] = StreamExtensions.Finite(BinaryPrimitives.ReadSingleLittleEndian(row[(a * 4)..]), "position");
                        var linear = StreamExtensions.Finite(BinaryPrimitives.ReadSingleLittleEndian(row[(12 + a * 4)..]), "scale");
                        scene.Scales[i * 3 + a] = MathF.Log(MathF.Max(linear, 1e-30f));
                        scene.Colors[i * 3 + a] = (row[24 + a] / 255f - 0.5f) / GaussianScene.ShC0;
                    }
                    scene.Opacities[i] = GaussianScene.Logit(row[27] / 255f);
                    for (var k = 0; k < 4; k++) scene.Rotations[i * 4 + k] = (row[28 + k] - 128) / 128f;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        scene.NormalizeRotations();
        return scene;
    }

    public static void Write(GaussianScene scene, Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(RowBytes * BlockRows);
        try
        {
            for (var start = 0; start < scene.Count; start += BlockRows)
            {
                var rows = Math.Min(BlockRows, scene.Count - start);
                for (var r = 0; r < rows; r++)
                {
                    var row = buffer.AsSpan(r * RowBytes, RowBytes);
                    var i = start + r;
                    for (var a = 0; a < 3; a++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(row[(a * 4)..], scene.Positions[i * 3 + a]);
                        BinaryPrimitives.WriteSingleLittleEndian(row[(12 + a * 4)..], MathF.Exp(scene.Scales[i * 3 + a]));
                        row[24 + a] = ToByte((0.5f + GaussianScene.ShC0 * scene.Colors[i * 3 + a]) * 255f);
                    }
                    row[27] = ToByte(GaussianScene.Sigmoid(scene.Opacities[i]) * 255f);
                    for (var k = 0; k < 4; k++) row[28 + k] = ToByte(scene.Rotations[i * 4 + k] * 128f + 128f);
                }
                stream.Write(buffer, 0, rows * RowBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
}
