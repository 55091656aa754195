using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Protect.Domain.Attribution;

namespace Protect.Infrastructure.Data.Configurations;

internal sealed class GeneratorConfiguration : IEntityTypeConfiguration<Generator>
{
    public void Configure(EntityTypeBuilder<Generator> builder)
    {
        builder.ToTable("generators");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.OwnerId).HasMaxLength(64).IsRequired();
        builder.Property(g => g.Name).HasMaxLength(Generator.MaxNameLength).IsRequired();
        builder.Ignore(g => g.HasEnoughSamples);
        // A name is a class label: two classes with one name could not be told apart in a prediction.
        builder.HasIndex(g => new { g.OwnerId, g.Name }).IsUnique();
        builder.HasOne<ProtectUser>().WithMany().HasForeignKey(g => g.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
