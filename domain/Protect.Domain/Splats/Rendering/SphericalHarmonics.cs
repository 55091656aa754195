namespace Protect.Domain.Splats.Rendering;

/// <summary>View-dependent colour from SH degree 0-3, with the constants of the reference rasterizer.</summary>
internal static class SphericalHarmonics
{
    private const float C1 = 0.4886025119029199f;
    private static readonly float[] C2 = [1.0925484305920792f, -1.0925484305920792f, 0.31539156525252005f, -1.0925484305920792f, 0.5462742152960396f];
    private static readonly float[] C3 = [-0.5900435899266435f, 2.890611442640554f, -0.4570457994644658f, 0.3731763325901154f, -0.4570457994644658f, 1.445305721320277f, -0.5900435899266435f];

    /// <summary>Basis values for direction (x, y, z), coefficient 0 being DC; returns how many are used.</summary>
    public static int Basis(float x, float y, float z, int degree, Span<float> b)
    {
        b[0] = GaussianScene.ShC0;
        if (degree < 1) return 1;
        b[1] = -C1 * y; b[2] = C1 * z; b[3] = -C1 * x;
        if (degree < 2) return 4;
        float xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        b[4] = C2[0] * xy; b[5] = C2[1] * yz; b[6] = C2[2] * (2 * zz - xx - yy); b[7] = C2[3] * xz; b[8] = C2[4] * (xx - yy);
        if (degree < 3) return 9;
        b[9] = C3[0] * y * (3 * xx - yy);
        b[10] = C3[1] * xy * z;
        b[11] = C3[2] * y * (4 * zz - xx - yy);
        b[12] = C3[3] * z * (2 * zz - 3 * xx - 3 * yy);
        b[13] = C3[4] * x * (4 * zz - xx - yy);
        b[14] = C3[5] * z * (xx - yy);
        b[15] = C3[6] * x * (xx - 3 * yy);
        return 16;
    }
}
