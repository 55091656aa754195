using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Attribution;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class AttributionRequestConfiguration : IEntityTypeConfiguration<AttributionRequest>
{
    public void Configure(EntityTypeBuilder<AttributionRequest> builder)
    {
        builder.ToTable("attributions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.OwnerId).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.FileName).HasMaxLength(255).IsRequired();
        builder.Property(a => a.SuspectBlob).HasMaxLength(300).IsRequired();
        builder.Property(a => a.Error).HasMaxLength(2000);
        builder.Ignore(a => a.Outcome);
        builder.HasIndex(a => new { a.OwnerId, a.CreatedAt });
        builder.HasOne<ProtectUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AttributionModelVersion>().WithMany().HasForeignKey(a => a.ModelVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
