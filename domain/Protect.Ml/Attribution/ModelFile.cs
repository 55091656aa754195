using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Protect.Ml.Attribution;

/// <summary>
/// The blob format of an <see cref="AttributionModel"/>: an 8-byte magic, a format version, the settings,
/// the prototype statistics, the calibration memory, then every network tensor by name (parameters and batch-norm
/// buffers) as little-endian float32. Written by hand rather than with TorchSharp's own format so the header can be
/// read and checked before any tensor is allocated, and so a future version can migrate old blobs.
/// </summary>
internal static class ModelFile
{
    public const int Version = 1;
    private static readonly byte[] Magic = "PRATTRIB"u8.ToArray();

    public static void Write(AttributionModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var bank = model.Bank;
        w.Write(Magic);
        w.Write(Version);
        w.Write(model.PatchSize);
        w.Write(model.PatchesPerImage);
        w.Write(model.Net.Width);
        w.Write(model.Temperature);
        w.Write(model.RejectThreshold);
        w.Write(bank.Shrinkage);
        w.Write(bank.Dim);
        WriteDoubles(w, bank.FeatureMean);
        WriteDoubles(w, bank.FeatureScale);
        WriteDoubles(w, bank.Moment);
        w.Write(bank.Classes.Count);
        for (var c = 0; c < bank.Classes.Count; c++)
        {
            w.Write(bank.Classes[c]);
            w.Write(bank.Counts[c]);
            WriteDoubles(w, bank.Sums[c]);
        }
        w.Write(model.Memory.Count);
        foreach (var (cls, feature) in model.Memory)
        {
            w.Write(cls);
            WriteDoubles(w, feature);
        }
        var state = model.Net.state_dict();
        w.Write(state.Count);
        foreach (var (name, tensor) in state)
        {
            w.Write(name);
            w.Write((int)tensor.dim());
            foreach (var size in tensor.shape) w.Write(size);
            var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            foreach (var v in values) w.Write(v);
        }
    }

    public static AttributionModel Read(Stream stream, Device device)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("Not an attribution model (bad magic).");
        var version = r.ReadInt32();
        if (version != Version) throw new InvalidDataException($"Attribution model format {version} is not supported (expected {Version}).");
        var patch = r.ReadInt32();
        var perImage = r.ReadInt32();
        var width = r.ReadInt32();
        var temperature = r.ReadDouble();
        var threshold = r.ReadDouble();
        var shrinkage = r.ReadDouble();
        var dim = r.ReadInt32();
        if (patch is < 8 or > 1024 || width is < 1 or > 1024 || dim is < 1 or > 100_000)
            throw new InvalidDataException("Attribution model header is out of range.");
        var bank = new PrototypeBank(ReadDoubles(r, dim), ReadDoubles(r, dim), shrinkage);
        bank.RestoreMoment(ReadDoubles(r, dim * dim));
        var classes = r.ReadInt32();
        for (var c = 0; c < classes; c++)
        {
            var name = r.ReadString();
            var count = r.ReadInt64();
            bank.Restore(name, ReadDoubles(r, dim), count);
        }
        var net = new ResidualFeatureNet(width);
        var model = new AttributionModel(net, bank, patch, perImage, device) { Temperature = temperature, RejectThreshold = threshold };
        var memory = r.ReadInt32();
        for (var m = 0; m < memory; m++) model.Memory.Add((r.ReadInt32(), ReadDoubles(r, dim)));
        var state = net.state_dict();
        var tensors = r.ReadInt32();
        using (no_grad())
        {
            for (var t = 0; t < tensors; t++)
            {
                var name = r.ReadString();
                var shape = new long[r.ReadInt32()];
                for (var i = 0; i < shape.Length; i++) shape[i] = r.ReadInt64();
                var count = shape.Aggregate(1L, (a, b) => a * b);
                var values = new float[count];
                for (var i = 0; i < count; i++) values[i] = r.ReadSingle();
                if (!state.TryGetValue(name, out var target)) throw new InvalidDataException($"Unknown tensor '{name}' in attribution model.");
                using var source = shape.Length == 0 ? tensor(values[0]) : tensor(values, shape);
                target.copy_(source.to_type(target.dtype));
            }
        }
        net.to(device);
        bank.Refresh();
        return model;
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        foreach (var v in values) w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = r.ReadDouble();
        return values;
    }
}
