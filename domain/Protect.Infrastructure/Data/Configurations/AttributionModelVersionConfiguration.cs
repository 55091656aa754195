using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Attribution;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class AttributionModelVersionConfiguration : IEntityTypeConfiguration<AttributionModelVersion>
{
    public void Configure(EntityTypeBuilder<AttributionModelVersion> builder)
    {
        builder.ToTable("attribution_models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.OwnerId).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Blob).HasMaxLength(300);
        builder.Property(m => m.ClassesJson).IsRequired();
        builder.Property(m => m.AccuracyJson).IsRequired();
        builder.Property(m => m.Error).HasMaxLength(2000);
        builder.Ignore(m => m.Classes);
        builder.Ignore(m => m.Accuracy);
        builder.HasIndex(m => new { m.OwnerId, m.Version }).IsUnique();
        builder.HasOne<ProtectUser>().WithMany().HasForeignKey(m => m.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
