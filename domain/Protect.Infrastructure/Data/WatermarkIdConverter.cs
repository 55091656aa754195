using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Protect.Domain.Assets;

namespace Protect.Infrastructure.Data;

internal sealed class WatermarkIdConverter() : ValueConverter<WatermarkId, long>(
    id => unchecked((long)id.Value),
    value => new WatermarkId(unchecked((ulong)value)));
