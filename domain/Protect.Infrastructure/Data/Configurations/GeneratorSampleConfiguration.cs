using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Attribution;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class GeneratorSampleConfiguration : IEntityTypeConfiguration<GeneratorSample>
{
    public void Configure(EntityTypeBuilder<GeneratorSample> builder)
    {
        builder.ToTable("generator_samples");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Blob).HasMaxLength(300).IsRequired();
        builder.HasIndex(s => s.GeneratorId);
        builder.HasOne<Generator>().WithMany().HasForeignKey(s => s.GeneratorId).OnDelete(DeleteBehavior.Cascade);
    }
}
