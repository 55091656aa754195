using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Assets;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.ToTable("assets");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.OwnerId).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.FileName).HasMaxLength(255).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(a => a.OriginalBlob).HasMaxLength(300).IsRequired();
        builder.Property(a => a.ProtectedBlob).HasMaxLength(300);
        builder.Property(a => a.DifferenceBlob).HasMaxLength(300);
        builder.Property(a => a.OriginalSha256).HasMaxLength(64).IsRequired();
        builder.Property(a => a.ProtectedSha256).HasMaxLength(64);
        builder.Property(a => a.Error).HasMaxLength(2000);
        builder.Property(a => a.HiddenMessage).HasMaxLength(1024);
        builder.Property(a => a.PerceptualHash).HasMaxLength(64);
        builder.HasIndex(a => a.WatermarkId).IsUnique();
        builder.HasIndex(a => new { a.OwnerId, a.CreatedAt });
        builder.HasOne<ProtectUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
