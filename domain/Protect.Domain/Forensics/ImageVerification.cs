using Protect.Domain.Imaging.Watermarking;

namespace Protect.Domain.Forensics;

/// <summary>The copyright reading and the tamper analysis of one suspect.</summary>
public sealed record ImageVerification(DetectionResult Copyright, TamperReport Tamper);
