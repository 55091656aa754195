using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Verifications;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class VerificationConfiguration : IEntityTypeConfiguration<Verification>
{
    public void Configure(EntityTypeBuilder<Verification> builder)
    {
        builder.ToTable("verifications");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.OwnerId).HasMaxLength(64).IsRequired();
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.FileName).HasMaxLength(255).IsRequired();
        builder.Property(v => v.SuspectBlob).HasMaxLength(300).IsRequired();
        builder.Property(v => v.SuspectSha256).HasMaxLength(64).IsRequired();
        builder.Property(v => v.Error).HasMaxLength(2000);
        builder.Property(v => v.HiddenMessage).HasMaxLength(1024);
        builder.Ignore(v => v.CatalogMatches);
        builder.Ignore(v => v.Attribution);
        builder.Ignore(v => v.Timeline);
        builder.Ignore(v => v.Tamper);
        builder.HasIndex(v => new { v.OwnerId, v.CreatedAt });
        builder.HasOne<ProtectUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
